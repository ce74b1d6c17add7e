/**
 * Stryker's vitest runner counts failed tests only: a test file that fails to load has no tests,
 * so a mutant that breaks a module's top level (a zod schema that no longer builds, a constant
 * that throws) would pass for a survivor. This reporter gives each file that failed to load one
 * failed test, carrying the load error, so such a mutant counts as killed.
 */
import type { File, Test } from '@vitest/runner';
import type { Reporter, Vitest } from 'vitest/node';

export default class LoadFailuresAsTests implements Reporter {
  private vitest: Vitest | undefined;

  onInit(vitest: Vitest): void {
    this.vitest = vitest;
  }

  onTestRunEnd(): void {
    for (const file of this.vitest?.state.getFiles() ?? []) {
      if (file.result?.state !== 'fail' || file.tasks.length > 0) continue;
      file.tasks.push(loadFailure(file));
    }
  }
}

function loadFailure(file: File): Test {
  return {
    type: 'test',
    id: `${file.id}_load`,
    name: 'loads',
    fullName: `${file.name} loads`,
    mode: 'run',
    file,
    suite: file,
    meta: {},
    context: undefined as never,
    timeout: 0,
    annotations: [],
    artifacts: [],
    result: { state: 'fail', errors: file.result?.errors ?? [] },
  } as unknown as Test;
}
