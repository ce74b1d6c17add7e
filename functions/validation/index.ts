export { issueLines, issueMessage, issuePath } from './issues.js';
