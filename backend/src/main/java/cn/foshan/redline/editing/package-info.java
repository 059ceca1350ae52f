/**
 * Editing the land layers through change sets. Edits wait in a change set (DRAFT) until it is
 * committed, all of them in one transaction or none; a district officer's change set is a proposal
 * (PROPOSED) that the bureau approves or rejects. Before committing, a preview applies the edits in
 * a transaction that is rolled back and reports what they would do and which rules they break. The
 * rules themselves live in the database (check_change_set): the preview runs them to list every
 * violation, and at commit the database's own check is the verdict (the service does not run them
 * again before it), so the preview and the guard can never disagree. Every version of every feature
 * is kept (feature_history); a stale base version is refused (412), a missing one too (428).
 */
package cn.foshan.redline.editing;
