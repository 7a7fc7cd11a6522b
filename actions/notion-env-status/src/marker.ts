/** The hidden line that finds the action's one sticky comment on a pull request again. */
export const COMMENT_MARKER = "<!-- sre-actions:notion-env-status -->";
