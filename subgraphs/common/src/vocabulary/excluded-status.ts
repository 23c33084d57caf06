// Status values that say a row does not count (a cancelled order, a void invoice, a test account): the one list the
// catalog's DataPoint generator (metric filters) and planning's context pruner (exclusion columns) share.
export const EXCLUDED_STATUS_VALUE = /cancel|void|fail|reject|invalid|delet|fraud|abandon|(^|[\s_-])test([\s_-]|$)/i;
