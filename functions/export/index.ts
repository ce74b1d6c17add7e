/** Group lists and users' joined groups as jobs run by the jobs' runner, and their Lambda handler. */
export { groupsExportJob, GROUPS_EXPORT_JOB } from './export-groups.js';
export { joinedExportJob, JOINED_EXPORT_JOB } from './export-joined.js';
export { USERS_INPUT_PREFIX, usersOf } from './export-request.js';
