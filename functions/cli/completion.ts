/**
 * `groupmod completion bash|zsh`: a completion script generated from the command definitions, so
 * it always offers the commands and flags this version has. Completing a value: the flag's
 * choices where it has some, file names otherwise.
 */
import { Argument, type Command } from 'commander';
import { example } from './define-command.js';

interface Word {
  name: string;
  description: string;
}

/** What to offer after each command path (`""`, `groups`, `groups create`), and each flag's values. */
interface CompletionTree {
  words: Map<string, Word[]>;
  /** `path flag` → choices (empty: any value, e.g. a file). */
  values: Map<string, string[]>;
}

function treeOf(program: Command): CompletionTree {
  const tree: CompletionTree = { words: new Map(), values: new Map() };
  const visit = (command: Command, path: string) => {
    const help = command.createHelp();
    const subcommands = help.visibleCommands(command).filter((sub) => sub.name() !== 'help');
    const options = help.visibleOptions(command).filter((option) => option.long);
    const choices = command.registeredArguments.flatMap((argument) => argument.argChoices ?? []);
    tree.words.set(path, [
      ...subcommands.map((sub) => ({ name: sub.name(), description: sub.description() })),
      ...choices.map((choice) => ({ name: choice, description: '' })),
      ...options.map((option) => ({ name: option.long!, description: option.description })),
    ]);
    for (const option of options)
      if (option.required) tree.values.set(`${path} ${option.long}`.trim(), option.argChoices ?? []);
    for (const sub of subcommands) visit(sub, `${path} ${sub.name()}`.trim());
  };
  visit(program, '');
  return tree;
}

const quote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;

/** The case patterns that move the command path forward: `/groups`, `groups/create`. */
function pathSteps(tree: CompletionTree): string {
  return [...tree.words.keys()]
    .filter((path) => path !== '')
    .map((path) => {
      const words = path.split(' ');
      return `${words.slice(0, -1).join(' ')}/${words.at(-1)!}`;
    })
    .map(quote)
    .join('|');
}

/** The command the completion is for: `groupmod` as `npx` runs it, or the name of a link to it. */
const DEFAULT_NAME = 'groupmod';

export function bashScript(program: Command, name = DEFAULT_NAME): string {
  const tree = treeOf(program);
  const values = [...tree.values].map(
    ([key, choices]) => `    ${quote(key)}) COMPREPLY=($(compgen -W ${quote(choices.join(' '))} -- "$cur")); return ;;`,
  );
  const words = [...tree.words].map(
    ([path, list]) => `    ${quote(path)}) words=${quote(list.map((word) => word.name).join(' '))} ;;`,
  );
  return `# bash completion for groupmod: eval "$(groupmod completion bash)" in ~/.bashrc
_groupmod() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" prev="\${COMP_WORDS[COMP_CWORD-1]}" path="" words="" i
  for ((i = 1; i < COMP_CWORD; i++)); do
    case "$path/\${COMP_WORDS[i]}" in
      ${pathSteps(tree)}) path="\${path:+$path }\${COMP_WORDS[i]}" ;;
    esac
  done
  case "\${path:+$path }$prev" in
${values.join('\n')}
  esac
  case "$path" in
${words.join('\n')}
  esac
  COMPREPLY=($(compgen -W "$words" -- "$cur"))
}
complete -o default -F _groupmod ${name}
`;
}

export function zshScript(program: Command, name = DEFAULT_NAME): string {
  const tree = treeOf(program);
  const described = (list: Word[]) =>
    list.map((word) => quote(`${word.name.replace(/:/g, '\\:')}:${word.description}`)).join(' ');
  const values = [...tree.values].map(
    ([key, choices]) =>
      `    ${quote(key)}) ${choices.length > 0 ? `compadd -- ${choices.join(' ')}` : '_files'}; return ;;`,
  );
  const words = [...tree.words].map(([path, list]) => `    ${quote(path)}) choices=(${described(list)}) ;;`);
  return `#compdef ${name}
# zsh completion for groupmod: source <(groupmod completion zsh) in ~/.zshrc, or save as _groupmod in a directory of $fpath
_groupmod() {
  local cmdpath="" i
  local -a choices
  for ((i = 2; i < CURRENT; i++)); do
    case "$cmdpath/\${words[i]}" in
      ${pathSteps(tree)}) cmdpath="\${cmdpath:+$cmdpath }\${words[i]}" ;;
    esac
  done
  case "\${cmdpath:+$cmdpath }\${words[CURRENT-1]}" in
${values.join('\n')}
  esac
  case "$cmdpath" in
${words.join('\n')}
  esac
  _describe -t commands groupmod choices
}
if [ "$funcstack[1]" = "_groupmod" ]; then _groupmod "$@"; else compdef _groupmod ${name}; fi
`;
}

export function addCompletionCommand(program: Command): void {
  program
    .command('completion')
    .description('print a shell completion script')
    .addArgument(new Argument('<SHELL>').choices(['bash', 'zsh']))
    .option('--name <COMMAND>', 'the command name to complete, e.g. a link to bin/groupmod.js', DEFAULT_NAME)
    .addHelpText(
      'after',
      example(
        'eval "$(npx groupmod completion bash)"    # in ~/.bashrc',
        'source <(npx groupmod completion zsh --name agora-groupmod)     # in ~/.zshrc, for a link of that name',
      ),
    )
    .action((shell: string, options: { name: string }) => {
      process.stdout.write(shell === 'bash' ? bashScript(program, options.name) : zshScript(program, options.name));
    });
}
