/** How zod issues read, in one place; the lowest layer, imported by every reader of outside input. */
export { issueLines, issueMessage, issuePath } from './issues.js';
export { sortedKeys } from './sorted-keys.js';
