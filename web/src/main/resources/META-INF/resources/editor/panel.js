// The editing panel's controls (#edit-panel): the layer to edit, the draft change set (修改原因,
// 文号), the tool bar, the attribute form, the edits of the draft, preview and commit or submit.

import { button, h, requiredMark } from '../dom.js';
import { createCoordsBox } from './coords.js';

/** The tools: id, Chinese, English, what it does. */
const TOOLS = [
  [
    'draw',
    '新建',
    'Draw',
    '绘制新多边形（吸附到相邻要素）Draw a new polygon, snapping to neighbours',
  ],
  ['select', '选择', 'Select', '在地图上点选要素 Click a feature on the map'],
  ['vertices', '编辑节点', 'Vertices', '拖动节点修改形状 Drag vertices to reshape'],
  ['move', '移动', 'Move', '拖动整个要素 Drag the whole feature'],
  ['delete', '删除', 'Delete', '删除所选要素 Delete the selected feature'],
  ['split', '分割', 'Split', '画一条线分割所选要素 Draw a line across the selected feature'],
  ['merge', '合并', 'Merge', '点选两个或多个相邻要素合并 Click two or more touching features'],
  ['history', '历史', 'History', '所选要素的历史版本 Versions of the selected feature'],
  [
    'coords',
    '坐标录入',
    'Coordinates',
    '由坐标、界址点坐标文件或 DXF 新建或替换形状 A shape from survey coordinates, a 界址点坐标 file or a DXF drawing',
  ],
];

/** Builds the panel in `panel` and returns its controls by name. */
export function createPanel(panel, schemas, layer) {
  const layerSelect = h('select', { id: 'edit-layer' });
  for (const [id, schema] of schemas) {
    layerSelect.append(h('option', { value: id }, `${schema.name} ${schema.nameEn}`));
  }
  layerSelect.value = layer;

  const ui = {
    panel,
    layerSelect,
    draftSelect: h('select', { id: 'draft-select', title: '继续已有草稿 Resume a draft' }),
    reasonInput: h('input', {
      id: 'change-reason',
      name: 'reason',
      required: true,
      placeholder: '例：园区扩区调整 e.g. park extension',
      maxLength: 500,
    }),
    documentInput: h('input', {
      id: 'change-document',
      name: 'documentNumber',
      placeholder: '例：佛自然资〔2026〕12号',
      maxLength: 200,
    }),
    draftStatus: h('div', { id: 'draft-status', className: 'draft-status' }),
    discardButton: button('discard-draft', '放弃草稿', 'Discard draft', 'danger small'),
    toolButtons: new Map(
      TOOLS.map(([id, zh, en, title]) => {
        const b = button(`tool-${id}`, zh, en, 'tool');
        b.title = title;
        b.setAttribute('aria-pressed', 'false');
        return [id, b];
      }),
    ),
    finishButton: button('tool-finish', '完成', 'Finish', 'small'),
    cancelToolButton: button('tool-cancel', '取消', 'Cancel', 'small'),
    hint: h('div', { id: 'tool-hint', className: 'tool-hint' }),
    snapInfo: h('div', { id: 'snap-info', className: 'snap-info' }),
    message: h('div', { id: 'edit-message', className: 'edit-message', role: 'status' }),
    featureHead: h('div', { id: 'feature-head', className: 'feature-head' }),
    form: h('form', { id: 'edit-form', className: 'edit-form', noValidate: true }),
    saveButton: button('save-edit', '保存到草稿', 'Save to draft', 'primary'),
    cancelEditButton: button('cancel-edit', '取消', 'Cancel'),
    deleteBox: h('div', { id: 'delete-box', className: 'confirm-box', hidden: true }),
    mergeBox: h('div', { id: 'merge-box', className: 'merge-box', hidden: true }),
    editList: h('ul', { id: 'edit-list', className: 'edit-list' }),
    previewButton: button('preview-button', '预览', 'Preview', 'primary'),
    commitButton: button('commit-button', '提交', 'Commit', 'commit'),
    submitButton: button('submit-button', '提交审核', 'Submit for review', 'commit'),
    result: h('div', { id: 'commit-result', className: 'commit-result', hidden: true }),
    readOnlyNote: h('div', { id: 'edit-readonly', className: 'readonly-note', hidden: true }),
    coords: createCoordsBox(),
  };
  ui.commitButton.title = '提交生效（全部修改一次生效）Commit: all edits take effect at once';
  ui.submitButton.title = '提交市局审核 Propose to the bureau';
  ui.featureBox = h(
    'div',
    { id: 'feature-box', className: 'feature-box', hidden: true },
    ui.featureHead,
    ui.form,
    h('div', { className: 'button-row' }, ui.saveButton, ui.cancelEditButton),
  );

  panel.replaceChildren(
    ui.readOnlyNote,
    h(
      'div',
      { className: 'ed-row' },
      h('label', { htmlFor: 'edit-layer' }, '编辑图层 ', h('span', { className: 'en' }, 'Layer')),
      layerSelect,
    ),
    h(
      'fieldset',
      { className: 'changeset-box' },
      h('legend', {}, '变更集 ', h('span', { className: 'en' }, 'Change set')),
      h(
        'div',
        { className: 'ed-row' },
        h('label', { htmlFor: 'draft-select' }, '草稿 ', h('span', { className: 'en' }, 'Draft')),
        ui.draftSelect,
      ),
      ui.draftStatus,
      h(
        'label',
        { className: 'stacked', htmlFor: 'change-reason' },
        h('span', {}, '修改原因 ', h('span', { className: 'en' }, 'Reason'), requiredMark()),
        ui.reasonInput,
        h('span', { className: 'ef-error', id: 'change-reason-error' }),
      ),
      h(
        'label',
        { className: 'stacked', htmlFor: 'change-document' },
        h('span', {}, '文号 ', h('span', { className: 'en' }, 'Document no.')),
        ui.documentInput,
      ),
      h('div', { className: 'button-row right' }, ui.discardButton),
    ),
    h('div', { className: 'toolbar', role: 'toolbar' }, ...ui.toolButtons.values()),
    h(
      'div',
      { className: 'tool-status' },
      ui.hint,
      h('span', { className: 'tool-actions' }, ui.finishButton, ui.cancelToolButton),
    ),
    ui.coords.element,
    ui.snapInfo,
    ui.message,
    ui.featureBox,
    ui.deleteBox,
    ui.mergeBox,
    h(
      'div',
      { className: 'edits-head' },
      h('h3', {}, '草稿中的修改 ', h('span', { className: 'en' }, 'Edits in the draft')),
    ),
    ui.editList,
    h('div', { className: 'button-row' }, ui.previewButton, ui.commitButton, ui.submitButton),
    ui.result,
  );
  return ui;
}
