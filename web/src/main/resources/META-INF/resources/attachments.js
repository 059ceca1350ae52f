// Attachments 附件 of a feature or a change set (the 批文 scan, site photos, survey reports): the
// list (each a download link: the server sends every file as an attachment, never a page) and the
// upload form (PDF, JPEG, PNG; the server checks the content and the rights). Used by the popup
// (popup.js) and the history panel (history.js). Every name and note is text, never HTML.

import { api, get, problemBox } from './api.js';
import { h } from './dom.js';
import { formatDate } from './format.js';

/** The layers whose features take attachments (the versioned layers). */
export const ATTACHABLE = new Set(['cluster', 'red_line', 'reserve_land', 'village_park', 'parcel']);

/** What the file input offers (the server decides by the content). */
const ACCEPT = '.pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png';

/** The query naming a target: {layer, featureId} or {changeSetId}. */
function query(target) {
  return target.changeSetId
    ? `changeSetId=${encodeURIComponent(target.changeSetId)}`
    : `layer=${encodeURIComponent(target.layer)}&featureId=${encodeURIComponent(target.featureId)}`;
}

/** "1.2 MB", "340 KB". */
function size(bytes) {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

/**
 * Withdrawing an attachment (bureau, admin): a reason, then POST /api/attachments/{id}/withdraw.
 * The file stays, listed as withdrawn with who, when and why; done() reloads the list.
 */
function withdrawControl(a, done) {
  const reason = h('input', {
    className: 'attachment-withdraw-reason',
    maxLength: 500,
    placeholder: '撤回原因 Reason',
    ariaLabel: `撤回 ${a.fileName} 的原因 Reason to withdraw`,
  });
  const confirm = h(
    'button',
    { type: 'button', className: 'button small danger attachment-withdraw-confirm' },
    '确认撤回 ',
    h('span', { className: 'en' }, 'Withdraw'),
  );
  const message = h('span', { className: 'attachment-message', role: 'status' });
  const form = h('div', { className: 'attachment-withdraw-form', hidden: true }, reason, confirm, message);
  const open = h(
    'button',
    { type: 'button', className: 'button small attachment-withdraw' },
    '撤回 ',
    h('span', { className: 'en' }, 'Withdraw'),
  );
  open.addEventListener('click', () => {
    form.hidden = !form.hidden;
    if (!form.hidden) reason.focus();
  });
  confirm.addEventListener('click', async () => {
    if (!reason.value.trim()) {
      message.replaceChildren(h('span', { className: 'ef-error' }, '请写明撤回原因 Give the reason'));
      reason.focus();
      return;
    }
    confirm.disabled = true;
    try {
      await api('POST', `/api/attachments/${a.id}/withdraw`, { reason: reason.value.trim() });
      done();
    } catch (error) {
      message.replaceChildren(problemBox(error));
      confirm.disabled = false;
    }
  });
  return [open, form];
}

/** One attachment as a list item: the link, its size, who and when; withdrawn ones struck through. */
function item(a, withdraw) {
  const link = h(
    'a',
    {
      className: 'attachment-link',
      href: a.href,
      title: `SHA-256 ${a.sha256}`,
      rel: 'noopener',
      dataset: { id: a.id },
    },
    a.fileName,
  );
  return h(
    'li',
    { className: a.withdrawnAt ? 'attachment withdrawn' : 'attachment', dataset: { id: a.id } },
    link,
    h(
      'span',
      { className: 'attachment-meta' },
      ` ${size(a.sizeBytes)} · ${a.uploadedBy} · ${formatDate(a.uploadedAt)}`,
    ),
    a.note ? h('div', { className: 'attachment-note' }, a.note) : null,
    a.withdrawnAt
      ? h(
          'div',
          { className: 'attachment-withdrawn' },
          `已撤回 Withdrawn · ${a.withdrawnBy} · ${formatDate(a.withdrawnAt)} · ${a.withdrawalReason}`,
        )
      : withdraw?.(a),
  );
}

/**
 * A list of a target's attachments, filled when they arrive: nothing shown when there are none
 * (unless `always`), at most `limit`, with how to see more; with `withdrawable` (the bureau's and
 * the administrator's lists) each one not withdrawn offers to withdraw it.
 */
export function attachmentList(target, { limit = 20, always = false, withdrawable = false } = {}) {
  const box = h('div', { className: 'attachments', dataset: { target: query(target) } });
  async function load() {
    try {
      const found = await get(`/api/attachments?${query(target)}&limit=${limit + 1}`);
      const shown = found.slice(0, limit);
      if (!shown.length && !always) {
        box.replaceChildren();
        return;
      }
      box.replaceChildren(
        h('div', { className: 'attachments-title' }, `附件 Attachments (${shown.length}${found.length > limit ? '+' : ''})`),
        shown.length
          ? h(
              'ul',
              { className: 'attachment-list' },
              ...shown.map((a) => item(a, withdrawable ? (one) => withdrawControl(one, load) : null)),
            )
          : h('div', { className: 'hint' }, '无 None'),
      );
    } catch (error) {
      box.replaceChildren(problemBox(error));
    }
  }
  load();
  box.reload = load;
  return box;
}

/**
 * The upload form for a target: a file (PDF, JPEG, PNG) and a note; on success calls done(attachment).
 */
export function attachmentUpload(target, done) {
  const id = `upload-${query(target).replace(/[^a-z0-9]/gi, '-')}`;
  const file = h('input', {
    type: 'file',
    className: 'attachment-file',
    id: `${id}-file`,
    ariaLabel: '附件文件 File',
  });
  file.setAttribute('accept', ACCEPT);
  const note = h('input', {
    className: 'attachment-note-input',
    maxLength: 500,
    placeholder: '说明（可选）Note (optional)',
    ariaLabel: '说明 Note',
  });
  const send = h(
    'button',
    { type: 'button', className: 'button small attachment-send' },
    '上传 ',
    h('span', { className: 'en' }, 'Upload'),
  );
  const message = h('div', { className: 'attachment-message', role: 'status' });
  send.addEventListener('click', async () => {
    const chosen = file.files?.[0];
    if (!chosen) {
      message.replaceChildren(h('span', { className: 'ef-error' }, '请选择文件 Choose a file'));
      return;
    }
    const form = new FormData();
    if (target.changeSetId) form.append('changeSetId', String(target.changeSetId));
    else {
      form.append('layer', target.layer);
      form.append('featureId', String(target.featureId));
    }
    if (note.value.trim()) form.append('note', note.value.trim());
    form.append('file', chosen, chosen.name);
    send.disabled = true;
    message.replaceChildren('上传中… Uploading…');
    try {
      const added = await api('POST', '/api/attachments', form);
      message.replaceChildren(
        h('span', { className: 'attachment-ok' }, `已上传 Uploaded: ${added.fileName}`),
      );
      file.value = '';
      note.value = '';
      done?.(added);
    } catch (error) {
      message.replaceChildren(problemBox(error));
    } finally {
      send.disabled = false;
    }
  });
  return h(
    'div',
    { className: 'attachment-upload', id },
    h('div', { className: 'hint' }, 'PDF、JPEG、PNG，不超过 20 MB · PDF, JPEG, PNG up to 20 MB'),
    file,
    note,
    send,
    message,
  );
}
