/** Checks print progress as console lines with this prefix; the reporter shows them as status. */
export const PROGRESS_PREFIX = '\u001f shipshape:progress ';
