/** Group lists and users' joined groups as jobs run by the jobs' runner, and their Lambda handler. */
export { groupsExportJob, GROUPS_EXPORT_JOB, matches, type GroupFilter, type GroupsExportRequest } from './export-groups.js';
export { joinedExportJob, JOINED_EXPORT_JOB, type JoinedExportRequest, type JoinedSummary, type Membership } from './export-joined.js';
export { exportRequestSchema, parseExportRequest, USERS_INPUT_PREFIX, usersOf, type ExportRequest } from './export-request.js';
export { createExportHandler } from './handler.js';
