/**
 * Attachments 附件: the 批文 scan behind a change set, site photos and survey reports on a feature of a
 * versioned layer. PDF, JPEG and PNG only, recognised by their content (signature and structure: a
 * file whose name, declared type and content disagree, or that carries anything before or after its
 * format's end, is refused), kept in the database with their SHA-256, append-only (the bureau may
 * mark one withdrawn). Who may attach is the database's rule (V36: the bureau to anything, a
 * district officer to their district's features and their own change sets); whoever may read the
 * target may list and download. Downloads stream from the database slice by slice, as attachments,
 * never rendered by the browser.
 */
package cn.foshan.redline.attachment;
