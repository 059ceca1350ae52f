// The editing panel (#edit-panel): the layer to edit, the draft change set (修改原因, 文号), the tools
// (draw with snapping, select, edit vertices, move, delete, split, merge, history), the attribute
// form built from the layer's schema, the edits of the draft, preview, and commit (bureau) or submit
// for review (district officer). Shapes are drawn and edited with Leaflet-Geoman; it snaps to the
// neighbours of the edited layer in view, loaded as GeoJSON (it cannot snap to vector tiles).
//
// For tests: window.redline.editing = {draftId, selected: {layer, id, version}, mode, neighbours}.

import { ApiError, del, get, post, problemBox } from './api.js';
import { h } from './dom.js';
import {
  bilingual,
  CHANGE_SET_STATUSES,
  EDIT_ACTIONS,
  FIELD_VOCABULARIES,
  fieldLabel,
} from './vocabulary.js';
import { areaM2, boundsOf, latLngsOf, lineGeometry, muOf, polygonGeometry } from './geo.js';
import { commitsRole, editsRole } from './session.js';
import { mu } from './preview.js';

/** Snapping: to vertices first, then to edges, within 15 px; no self-intersecting rings. */
const SNAP = {
  snappable: true,
  snapDistance: 15,
  snapVertex: true,
  snapSegment: true,
  allowSelfIntersection: false,
};

/** From which zoom the neighbours of a layer are loaded for snapping (fewer, larger ones lower). */
const NEIGHBOUR_MIN_ZOOM = {
  cluster: 10,
  red_line: 12,
  reserve_land: 12,
  village_park: 13,
  parcel: 15,
};
const NEIGHBOUR_LIMIT = 2000;

const STYLES = {
  neighbour: { color: '#1565c0', weight: 1.2, opacity: 0.6, dashArray: '3 3', fill: false },
  working: { color: '#00b8d4', weight: 3, opacity: 1, fillColor: '#00e5ff', fillOpacity: 0.28 },
  draft: { color: '#ef6c00', weight: 2, opacity: 1, fillColor: '#ffa726', fillOpacity: 0.28 },
  draftDelete: {
    color: '#c62828',
    weight: 2,
    opacity: 1,
    dashArray: '4 4',
    fillColor: 'url(#hatch-removed)',
    fillOpacity: 1,
  },
  merge: { color: '#6a1b9a', weight: 3, opacity: 1, fillColor: '#ab47bc', fillOpacity: 0.3 },
  splitLine: { color: '#d50000', weight: 2.5 },
};

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
];

const HINTS = {
  draw: '在地图上依次点击放置节点，点击第一个节点完成；Esc 取消。 Click to place vertices, click the first one to finish; Esc cancels.',
  select: '在地图上点击要选择的要素。 Click the feature to select on the map.',
  vertices:
    '拖动节点修改形状，点击边中点增加节点，右键删除节点。 Drag vertices; click a mid-point to add one; right-click to remove one.',
  move: '拖动要素移动位置。 Drag the feature to move it.',
  split:
    '画一条穿过所选要素的线，点击最后一个节点完成。 Draw a line across the feature; click its last vertex to finish.',
  merge:
    '点击要合并的相邻要素（再次点击取消），然后点「合并」。 Click the touching features to merge (again to drop one), then “Merge”.',
};

/**
 * The editor. ctx: {state, session, schemas (Map layer → schema), layerName, preview, side,
 * afterCommitted(result), history, review}.
 */
export function createEditor(ctx) {
  const { state, schemas, layerName, preview } = ctx;
  const { map } = state;
  const panel = document.getElementById('edit-panel');
  const hooks = { draftId: null, selected: null, mode: null, neighbours: 0 };
  window.redline.editing = hooks;

  const ed = {
    layer: schemas.has('red_line') ? 'red_line' : [...schemas.keys()][0],
    draft: null, // the change set
    edits: [],
    action: null, // 'create' | 'update' while a feature is in the form
    feature: null, // the selected feature as fetched (GeoJSON)
    selected: null, // {layer, id, version}
    working: null, // L.Polygon of the shape being made or edited
    geometryChanged: false,
    mode: null,
    mergeSet: [], // [{id, version, code, geometry}]
    asOf: null,
    known: new Map(), // "layer/id" → {code, geometry} of features in the draft's edits
  };

  // Geoman's drawing tooltips, Chinese first
  map.pm.setLang(
    'zh',
    {
      tooltips: {
        firstVertex: '点击放置第一个节点 Click to place the first vertex',
        continueLine: '点击继续绘制 Click to continue',
        finishLine: '点击最后一个节点完成 Click the last vertex to finish',
        finishPoly: '点击第一个节点完成 Click the first vertex to finish',
      },
    },
    'zh',
  );

  // Map layers, bottom to top: neighbours (snap targets), draft edits, merge choice, working shape.
  const neighbours = L.geoJSON(null, {
    interactive: false,
    pmIgnore: true,
    snapIgnore: false, // Geoman snaps to these
    style: () => STYLES.neighbour,
  });
  const draftGroup = L.layerGroup();
  const mergeGroup = L.layerGroup();
  const workingGroup = L.layerGroup();

  // ---- the panel ------------------------------------------------------------------------------

  const layerSelect = h('select', { id: 'edit-layer' });
  for (const [id, schema] of schemas) {
    layerSelect.append(h('option', { value: id }, `${schema.name} ${schema.nameEn}`));
  }
  layerSelect.value = ed.layer;

  const draftSelect = h('select', { id: 'draft-select', title: '继续已有草稿 Resume a draft' });
  const reasonInput = h('input', {
    id: 'change-reason',
    name: 'reason',
    required: true,
    placeholder: '例：园区扩区调整 e.g. park extension',
    maxLength: 500,
  });
  const documentInput = h('input', {
    id: 'change-document',
    name: 'documentNumber',
    placeholder: '例：佛自然资〔2026〕12号',
    maxLength: 200,
  });
  const draftStatus = h('div', { id: 'draft-status', className: 'draft-status' });
  const discardButton = button('discard-draft', '放弃草稿', 'Discard draft', 'danger small');

  const toolButtons = new Map(
    TOOLS.map(([id, zh, en, title]) => {
      const b = button(`tool-${id}`, zh, en, 'tool');
      b.title = title;
      b.setAttribute('aria-pressed', 'false');
      return [id, b];
    }),
  );
  const finishButton = button('tool-finish', '完成', 'Finish', 'small');
  const cancelToolButton = button('tool-cancel', '取消', 'Cancel', 'small');
  const hint = h('div', { id: 'tool-hint', className: 'tool-hint' });
  const snapInfo = h('div', { id: 'snap-info', className: 'snap-info' });
  const message = h('div', { id: 'edit-message', className: 'edit-message', role: 'status' });

  const featureHead = h('div', { id: 'feature-head', className: 'feature-head' });
  const form = h('form', { id: 'edit-form', className: 'edit-form', noValidate: true });
  const saveButton = button('save-edit', '保存到草稿', 'Save to draft', 'primary');
  const cancelEditButton = button('cancel-edit', '取消', 'Cancel');
  const featureBox = h(
    'div',
    { id: 'feature-box', className: 'feature-box', hidden: true },
    featureHead,
    form,
    h('div', { className: 'button-row' }, saveButton, cancelEditButton),
  );
  const deleteBox = h('div', { id: 'delete-box', className: 'confirm-box', hidden: true });
  const mergeBox = h('div', { id: 'merge-box', className: 'merge-box', hidden: true });

  const editList = h('ul', { id: 'edit-list', className: 'edit-list' });
  const previewButton = button('preview-button', '预览', 'Preview', 'primary');
  const commitButton = button('commit-button', '提交', 'Commit', 'commit');
  commitButton.title = '提交生效（全部修改一次生效）Commit: all edits take effect at once';
  const submitButton = button('submit-button', '提交审核', 'Submit for review', 'commit');
  submitButton.title = '提交市局审核 Propose to the bureau';
  const result = h('div', { id: 'commit-result', className: 'commit-result', hidden: true });
  const readOnlyNote = h('div', { id: 'edit-readonly', className: 'readonly-note', hidden: true });

  panel.replaceChildren(
    readOnlyNote,
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
        draftSelect,
      ),
      draftStatus,
      h(
        'label',
        { className: 'stacked', htmlFor: 'change-reason' },
        h('span', {}, '修改原因 ', h('span', { className: 'en' }, 'Reason'), requiredMark()),
        reasonInput,
        h('span', { className: 'ef-error', id: 'change-reason-error' }),
      ),
      h(
        'label',
        { className: 'stacked', htmlFor: 'change-document' },
        h('span', {}, '文号 ', h('span', { className: 'en' }, 'Document no.')),
        documentInput,
      ),
      h('div', { className: 'button-row right' }, discardButton),
    ),
    h('div', { className: 'toolbar', role: 'toolbar' }, ...toolButtons.values()),
    h(
      'div',
      { className: 'tool-status' },
      hint,
      h('span', { className: 'tool-actions' }, finishButton, cancelToolButton),
    ),
    snapInfo,
    message,
    featureBox,
    deleteBox,
    mergeBox,
    h(
      'div',
      { className: 'edits-head' },
      h('h3', {}, '草稿中的修改 ', h('span', { className: 'en' }, 'Edits in the draft')),
    ),
    editList,
    h('div', { className: 'button-row' }, previewButton, commitButton, submitButton),
    result,
  );

  // ---- state → page -----------------------------------------------------------------------------

  const user = () => ctx.session.user;
  const canEdit = () => editsRole(user()?.role) && !ed.asOf;

  function sync() {
    hooks.draftId = ed.draft?.id ?? null;
    hooks.selected = ed.selected ? { ...ed.selected } : null;
    hooks.mode = ed.mode;
    panel.dataset.mode = ed.mode ?? '';
    panel.dataset.draft = String(ed.draft?.id ?? '');
    panel.dataset.layer = ed.layer;
    panel.dataset.selected = ed.selected ? `${ed.selected.layer}/${ed.selected.id}` : '';
  }

  function updateTools() {
    const editable = canEdit();
    const hasShape = Boolean(ed.working);
    const hasSelected = Boolean(ed.selected);
    const enabled = {
      draw: editable,
      select: editable,
      vertices: editable && hasShape,
      move: editable && hasShape,
      delete: editable && hasSelected,
      split: editable && hasSelected,
      merge: editable,
      history: hasSelected,
    };
    for (const [id, b] of toolButtons) {
      b.disabled = !enabled[id];
      b.setAttribute('aria-pressed', String(ed.mode === id));
      b.classList.toggle('active', ed.mode === id);
    }
    finishButton.hidden = !(ed.mode === 'draw' || ed.mode === 'split');
    cancelToolButton.hidden = !ed.mode;
    hint.textContent = ed.mode ? (HINTS[ed.mode] ?? '') : '';
    hint.hidden = !ed.mode;
    layerSelect.disabled = !editable;
    const hasEdits = ed.edits.length > 0;
    previewButton.disabled = !hasEdits;
    const role = user()?.role;
    commitButton.hidden = !commitsRole(role);
    submitButton.hidden = role !== 'DISTRICT';
    commitButton.disabled = !hasEdits || !editable;
    submitButton.disabled = !hasEdits || !editable;
    discardButton.hidden = !ed.draft;
    saveButton.disabled = !editable;
    readOnlyNote.hidden = !ed.asOf;
    readOnlyNote.textContent = ed.asOf
      ? '正在查看历史时点，编辑已停用；回到现在后可编辑。 Viewing the past: editing is off until you return to now.'
      : '';
    sync();
  }

  function say(text, kind = 'info') {
    message.replaceChildren(typeof text === 'string' ? h('span', {}, text) : text);
    message.dataset.kind = kind;
    message.hidden = !text;
  }

  function showProblem(error, ...extra) {
    say(problemBox(error, ...extra), 'error');
  }

  // ---- modes (Geoman) ---------------------------------------------------------------------------

  function leaveMode() {
    if (map.pm.globalDrawModeEnabled()) map.pm.disableDraw();
    if (ed.working?.pm) {
      ed.working.pm.disable();
      ed.working.pm.disableLayerDrag();
    }
    map.getContainer().classList.remove('picking');
  }

  function setMode(mode) {
    leaveMode();
    ed.mode = mode;
    state.mapMode = mode;
    switch (mode) {
      case 'draw':
        map.pm.enableDraw('Polygon', {
          ...SNAP,
          finishOn: null,
          templineStyle: { color: STYLES.working.color, weight: 2.5 },
          hintlineStyle: { color: STYLES.working.color, dashArray: '5 5' },
          pathOptions: STYLES.working,
        });
        break;
      case 'split':
        map.pm.enableDraw('Line', {
          ...SNAP,
          templineStyle: STYLES.splitLine,
          hintlineStyle: { ...STYLES.splitLine, dashArray: '5 5' },
          pathOptions: STYLES.splitLine,
        });
        break;
      case 'vertices':
        ed.working?.pm.enable({ ...SNAP, draggable: false });
        break;
      case 'move':
        ed.working?.pm.enableLayerDrag();
        break;
      case 'select':
      case 'merge':
        map.getContainer().classList.add('picking');
        break;
      default:
        break;
    }
    mergeBox.hidden = mode !== 'merge';
    if (mode === 'merge') renderMerge();
    else clearMerge();
    updateTools();
  }

  function toggleMode(mode) {
    setMode(ed.mode === mode ? null : mode);
  }

  /** Finishes the shape being drawn, as a click on its first (polygon) or last (line) vertex. */
  function finishDrawing() {
    const shape = ed.mode === 'draw' ? 'Polygon' : ed.mode === 'split' ? 'Line' : null;
    if (!shape) return;
    const draw = map.pm.Draw[shape];
    if (draw?._enabled) draw._finishShape();
  }

  map.on('pm:create', (e) => {
    const drawn = e.layer;
    map.removeLayer(drawn); // our own layers take the shape over
    if (ed.mode === 'draw' && e.shape === 'Polygon') {
      startNew(drawn.getLatLngs());
    } else if (ed.mode === 'split' && e.shape === 'Line') {
      split(lineGeometry(drawn));
    }
  });

  // ---- the shape being edited -------------------------------------------------------------------

  function makeWorking(latlngs) {
    workingGroup.clearLayers();
    const polygon = L.polygon(latlngs, { ...STYLES.working, pmIgnore: false, snapIgnore: true });
    polygon.on('pm:edit pm:dragend', () => {
      ed.geometryChanged = true;
      renderFeatureHead();
    });
    workingGroup.addLayer(polygon);
    ed.working = polygon;
    return polygon;
  }

  function clearWorking() {
    leaveMode();
    workingGroup.clearLayers();
    ed.working = null;
    ed.feature = null;
    ed.selected = null;
    ed.action = null;
    ed.geometryChanged = false;
    featureBox.hidden = true;
    deleteBox.hidden = true;
    form.replaceChildren();
    ed.mode = null;
    state.mapMode = null;
    updateTools();
    scheduleNeighbours();
  }

  function startNew(latlngs) {
    const keepForm = ed.action === 'create' ? readValues(false) : null;
    clearWorking();
    makeWorking(latlngs);
    ed.action = 'create';
    ed.geometryChanged = true;
    renderForm({}, keepForm);
    say(
      '已绘制新要素：填写属性后保存到草稿。 New shape drawn: fill in the attributes and save it to the draft.',
    );
    setMode('vertices');
  }

  async function selectFeature(layer, id) {
    const feature = await get(`/api/layers/${layer}/features/${id}`);
    clearWorking();
    if (layer !== ed.layer) {
      ed.layer = layer;
      layerSelect.value = layer;
    }
    ed.feature = feature;
    ed.selected = { layer, id: Number(feature.id ?? id), version: feature.properties.version };
    ed.action = 'update';
    ed.geometryChanged = false;
    makeWorking(latLngsOf(feature.geometry));
    renderForm(feature.properties);
    say('');
    updateTools();
    scheduleNeighbours();
    return feature;
  }

  /** The feature of the edited layer at a point (GET /api/features), or null. */
  async function featureAt(latlng) {
    const { lat, lng } = latlng.wrap();
    const answer = await get(
      `/api/features?lon=${lng.toFixed(7)}&lat=${lat.toFixed(7)}&layers=${ed.layer}`,
    );
    return answer.features.find((f) => f.layer === ed.layer) ?? null;
  }

  map.on('click', async (e) => {
    if (ed.mode !== 'select' && ed.mode !== 'merge') return;
    try {
      const found = await featureAt(e.latlng);
      if (!found) {
        say(`此处没有${layerName(ed.layer)} No ${layerName(ed.layer)} here`);
        return;
      }
      if (ed.mode === 'select') {
        await selectFeature(ed.layer, found.id);
        setMode(null);
      } else {
        await toggleMerge(found.id);
      }
    } catch (error) {
      showProblem(error);
    }
  });

  // ---- the attribute form -----------------------------------------------------------------------

  const schema = () => schemas.get(ed.layer);

  function renderFeatureHead() {
    if (!ed.working) {
      featureHead.replaceChildren();
      return;
    }
    const area = areaM2(polygonGeometry(ed.working));
    const action = ed.action === 'create' ? EDIT_ACTIONS.CREATE : EDIT_ACTIONS.UPDATE;
    const p = ed.feature?.properties ?? {};
    const parts = [
      h(
        'span',
        { className: `action-badge action-${ed.action?.toUpperCase()}` },
        bilingual(action),
      ),
      h('b', {}, ` ${layerName(ed.layer)} `),
      ed.selected
        ? h(
            'span',
            { className: 'code' },
            `${p.code ?? ''} · #${ed.selected.id} · v${ed.selected.version}`,
          )
        : null,
      h(
        'span',
        { className: 'area', title: '面积（球面近似）Area (spherical estimate)' },
        `≈ ${mu(muOf(area))} 亩 mu`,
      ),
      ed.geometryChanged && ed.action === 'update'
        ? h('span', { className: 'changed-tag' }, '形状已改 Shape changed')
        : null,
    ];
    featureHead.replaceChildren(...parts.filter(Boolean));
  }

  function renderForm(properties, keep) {
    const fields = schema()?.fields ?? [];
    form.replaceChildren(...fields.map((field) => fieldRow(field, properties, keep)));
    featureBox.hidden = false;
    renderFeatureHead();
  }

  function fieldRow(field, properties, keep) {
    const [zh, en] = fieldLabel(field.property);
    const id = `ef-${field.property}`;
    const label = h(
      'label',
      { htmlFor: id },
      zh,
      ' ',
      h('span', { className: 'en' }, en),
      field.required && !field.derived ? requiredMark() : null,
    );
    const value =
      keep && field.property in keep ? keep[field.property] : properties[field.property];
    let control;
    if (field.derived) {
      control = h(
        'output',
        { id, className: 'derived', dataset: { property: field.property } },
        derivedText(field.property, properties[field.property]),
      );
      control.title = '由图形自动生成（保存时）Derived from the shape by the server';
    } else {
      control = inputFor(field, id);
      setValue(control, field, value);
    }
    return h(
      'div',
      {
        className: `ef-field${field.derived ? ' derived-field' : ''}`,
        dataset: { property: field.property, type: field.type },
      },
      label,
      control,
      h('div', { className: 'ef-error' }),
    );
  }

  function inputFor(field, id) {
    const common = { id, name: field.property, required: field.required };
    if (field.allowed?.length) {
      const vocabulary = FIELD_VOCABULARIES[field.property] ?? {};
      return h(
        'select',
        common,
        h('option', { value: '' }, field.required ? '— 请选择 Choose —' : '— 无 None —'),
        ...field.allowed.map((code) =>
          h(
            'option',
            { value: code },
            vocabulary[code] ? `${bilingual(vocabulary[code])} (${code})` : code,
          ),
        ),
      );
    }
    switch (field.type) {
      case 'DATE':
        return h('input', { ...common, type: 'date' });
      case 'INTEGER':
        return h('input', { ...common, type: 'number', step: '1' });
      case 'DECIMAL':
        return h('input', { ...common, type: 'number', step: 'any', min: '0' });
      case 'BOOLEAN':
        return h(
          'select',
          common,
          h('option', { value: '' }, '—'),
          h('option', { value: 'true' }, '是 Yes'),
          h('option', { value: 'false' }, '否 No'),
        );
      case 'TEXT_LIST':
        return h('input', { ...common, type: 'text', placeholder: '以逗号分隔 comma-separated' });
      default:
        return h('input', {
          ...common,
          type: 'text',
          placeholder:
            field.property === 'code' ? '留空自动编号 Blank: numbered automatically' : '',
        });
    }
  }

  /** A value of the API as the form shows it. */
  function formText(field, value) {
    if (value === null || value === undefined) return '';
    switch (field.type) {
      case 'BOOLEAN':
        return value ? 'true' : 'false';
      case 'TEXT_LIST':
        return Array.isArray(value) ? value.map((v) => v?.code ?? v).join(', ') : String(value);
      case 'DATE':
        return String(value).slice(0, 10);
      default:
        return String(value);
    }
  }

  function setValue(control, field, value) {
    control.value = formText(field, value);
  }

  /** A form text as the API wants it: [value] or [undefined, error]. */
  function parse(field, text) {
    const t = text.trim();
    if (t === '') return [null];
    switch (field.type) {
      case 'INTEGER': {
        const n = Number(t);
        return Number.isInteger(n) ? [n] : [undefined, '请输入整数 A whole number is expected'];
      }
      case 'DECIMAL': {
        const n = Number(t);
        return Number.isFinite(n) && n >= 0
          ? [n]
          : [undefined, '请输入不小于 0 的数 A number of at least 0 is expected'];
      }
      case 'BOOLEAN':
        return [t === 'true'];
      case 'DATE':
        return /^\d{4}-\d{2}-\d{2}$/.test(t) && !Number.isNaN(Date.parse(t))
          ? [t]
          : [undefined, '请输入日期 A date (YYYY-MM-DD) is expected'];
      case 'TEXT_LIST':
        return [t.split(/[,，、;；\s]+/).filter(Boolean)];
      default:
        return [t];
    }
  }

  function fieldError(property, text) {
    const row = form.querySelector(`.ef-field[data-property="${property}"]`);
    if (!row) return false;
    row.classList.toggle('invalid', Boolean(text));
    row.querySelector('.ef-error').textContent = text ?? '';
    row.querySelector('[name]')?.setAttribute('aria-invalid', String(Boolean(text)));
    return true;
  }

  /**
   * The form's values: for a new feature all that are filled in; for an update those that differ
   * from the feature. Null (and the errors shown) when a value is wrong. Without `check`, what is
   * typed, unchecked (to keep it over a redraw).
   */
  function readValues(check = true) {
    const fields = (schema()?.fields ?? []).filter((f) => !f.derived);
    const values = {};
    let ok = true;
    const original = ed.feature?.properties ?? {};
    for (const field of fields) {
      const control = form.elements[field.property];
      if (!control) continue;
      if (!check) {
        values[field.property] = control.value;
        continue;
      }
      const [value, error] = parse(field, control.value);
      let problem = error;
      if (!problem && field.required && value === null) problem = '必填 Required';
      fieldError(field.property, problem);
      if (problem) {
        ok = false;
        continue;
      }
      if (ed.action === 'create') {
        if (value !== null) values[field.property] = value;
      } else {
        const [before] = parse(field, formText(field, original[field.property]));
        if (JSON.stringify(before) !== JSON.stringify(value)) values[field.property] = value;
      }
    }
    if (!check) return values;
    if (!ok) {
      form.querySelector('.ef-field.invalid [name]')?.focus();
      return null;
    }
    return values;
  }

  function derivedText(property, value) {
    if (value === null || value === undefined) return '保存后由图形生成 From the shape';
    if (property === 'districtCode') {
      const d = state.districts?.find((x) => x.code === value);
      return d ? `${d.name} ${d.nameEn} (${value})` : String(value);
    }
    if (property === 'clusterId') {
      const c = state.clusters?.find((x) => Number(x.id) === Number(value));
      return c ? `${c.name} ${c.code}` : `#${value}`;
    }
    return String(value);
  }

  // ---- the draft --------------------------------------------------------------------------------

  function reasonError(text) {
    document.getElementById('change-reason-error').textContent = text ?? '';
    reasonInput.setAttribute('aria-invalid', String(Boolean(text)));
    reasonInput.closest('label').classList.toggle('invalid', Boolean(text));
  }

  /** The draft's id; makes the draft first if there is none (a reason is needed). */
  async function ensureDraft() {
    if (ed.draft) return ed.draft.id;
    const reason = reasonInput.value.trim();
    if (!reason) {
      reasonError('请先填写修改原因 Enter the reason for the change first');
      reasonInput.focus();
      return null;
    }
    reasonError(null);
    const cs = await post('/api/change-sets', {
      reason,
      documentNumber: documentInput.value.trim() || null,
    });
    ed.draft = cs;
    ed.edits = [];
    renderDraft();
    await refreshDraftChoices();
    return cs.id;
  }

  function renderDraft() {
    const cs = ed.draft;
    reasonInput.disabled = Boolean(cs);
    documentInput.disabled = Boolean(cs);
    if (cs) {
      reasonInput.value = cs.reason ?? '';
      documentInput.value = cs.documentNumber ?? '';
      const status = CHANGE_SET_STATUSES[cs.status] ?? [cs.status, cs.status];
      draftStatus.replaceChildren(
        h('span', { className: `status-badge status-${cs.status}` }, bilingual(status)),
        ` 变更集 Change set #${cs.id}`,
        cs.revertsChangeSetId ? ` · 撤销 reverts #${cs.revertsChangeSetId}` : '',
      );
    } else {
      draftStatus.textContent =
        '尚无草稿：第一次保存修改时创建。 No draft yet: one is made with the first edit you save.';
    }
    renderEdits();
    updateTools();
  }

  async function refreshDraftChoices() {
    if (!user()) return;
    let drafts;
    try {
      drafts = (await get('/api/change-sets?status=DRAFT')).filter(
        (c) => c.author === user().username,
      );
    } catch {
      drafts = [];
    }
    draftSelect.replaceChildren(
      h('option', { value: '' }, '新草稿 New draft'),
      ...drafts.map((c) =>
        h('option', { value: String(c.id) }, `#${c.id} · ${c.reason} (${c.edits})`),
      ),
    );
    draftSelect.value = ed.draft ? String(ed.draft.id) : '';
  }

  /** Loads a draft (or none) with its edits into the panel and the map. */
  async function loadDraft(id) {
    if (!id) {
      ed.draft = null;
      ed.edits = [];
      draftGroup.clearLayers();
      reasonInput.value = '';
      documentInput.value = '';
      renderDraft();
      draftSelect.value = '';
      return;
    }
    const detail = await get(`/api/change-sets/${id}`);
    ed.draft = detail.changeSet;
    ed.edits = detail.edits;
    await Promise.all(
      ed.edits
        .filter((e) => e.featureId != null && !ed.known.has(`${e.layer}/${e.featureId}`))
        .map((e) =>
          get(`/api/layers/${e.layer}/features/${e.featureId}`)
            .then((f) =>
              ed.known.set(`${e.layer}/${e.featureId}`, {
                code: f.properties.code,
                geometry: f.geometry,
              }),
            )
            .catch(() => ed.known.set(`${e.layer}/${e.featureId}`, { code: null, geometry: null })),
        ),
    );
    drawDraft();
    renderDraft();
    await refreshDraftChoices();
  }

  function editCode(e) {
    const properties = e.properties ?? {};
    if (e.featureId == null) return properties.code ?? '新 New';
    return ed.known.get(`${e.layer}/${e.featureId}`)?.code ?? `#${e.featureId}`;
  }

  function editGeometry(e) {
    return e.geometry ?? ed.known.get(`${e.layer}/${e.featureId}`)?.geometry ?? null;
  }

  function drawDraft() {
    draftGroup.clearLayers();
    for (const e of ed.edits) {
      const geometry = editGeometry(e);
      if (!geometry) continue;
      const style = e.action === 'DELETE' ? STYLES.draftDelete : STYLES.draft;
      draftGroup.addLayer(
        L.geoJSON(geometry, {
          interactive: false,
          pmIgnore: true,
          snapIgnore: e.action === 'DELETE', // new and changed shapes are snapped to
          style: () => style,
        }),
      );
    }
  }

  function renderEdits() {
    if (!ed.edits.length) {
      editList.replaceChildren(
        h('li', { className: 'empty' }, ed.draft ? '草稿中还没有修改 No edits yet' : '—'),
      );
      return;
    }
    editList.replaceChildren(
      ...ed.edits.map((e) => {
        const action = EDIT_ACTIONS[e.action] ?? [e.action, e.action];
        const remove = h(
          'button',
          {
            type: 'button',
            className: 'icon-button remove-edit',
            title: '移除此修改 Remove this edit',
          },
          '×',
        );
        remove.setAttribute('aria-label', '移除此修改 Remove this edit');
        remove.addEventListener('click', async (event) => {
          event.stopPropagation();
          try {
            await del(`/api/change-sets/${ed.draft.id}/edits/${e.seq}`);
            preview.clear();
            await loadDraft(ed.draft.id);
          } catch (error) {
            showProblem(error);
          }
        });
        const li = h(
          'li',
          {
            tabIndex: 0,
            title: '缩放至此 Zoom to it',
            dataset: { seq: e.seq, layer: e.layer, action: e.action, featureId: e.featureId ?? '' },
          },
          h('span', { className: `action-badge action-${e.action}` }, bilingual(action)),
          h('span', { className: 'edit-layer-name' }, layerName(e.layer)),
          h('b', { className: 'edit-code', title: editCode(e) }, editCode(e)),
          h('span', { className: 'edit-area' }, e.areaMu != null ? `${mu(e.areaMu)} 亩` : ''),
          remove,
        );
        li.addEventListener('click', () => {
          const geometry = editGeometry(e);
          if (geometry) state.fitBounds(boundsOf(geometry), 18);
        });
        return li;
      }),
    );
  }

  // ---- sending edits ----------------------------------------------------------------------------

  async function save() {
    if (!ed.working || !ed.action) return;
    const values = readValues();
    if (!values) {
      say('请修正标红的字段 Correct the fields marked in red', 'error');
      return;
    }
    const body = { layer: ed.layer, action: ed.action, properties: values };
    if (ed.action === 'create' || ed.geometryChanged) body.geometry = polygonGeometry(ed.working);
    if (ed.action === 'update') {
      body.featureId = ed.selected.id;
      body.baseVersion = ed.selected.version;
      if (!body.geometry && Object.keys(values).length === 0) {
        say('没有修改 Nothing changed');
        return;
      }
    }
    await send(
      `/edits`,
      body,
      (answer) => `已加入草稿（第 ${answer.seq} 项） Added to the draft (edit ${answer.seq})`,
    );
  }

  /** POSTs to the draft (made first if needed); on success clears the shape and reloads the draft. */
  async function send(path, body, done) {
    saveButton.disabled = true;
    try {
      const id = await ensureDraft();
      if (!id) return;
      const answer = await post(`/api/change-sets/${id}${path}`, body);
      clearWorking();
      preview.clear();
      await loadDraft(id);
      say(done(answer ?? {}), 'ok');
    } catch (error) {
      editProblem(error, body);
    } finally {
      saveButton.disabled = !canEdit();
    }
  }

  /** A refused edit, explained; offers the repaired shape, or reloading a changed feature. */
  function editProblem(error, body) {
    if (!(error instanceof ApiError)) {
      showProblem(error);
      return;
    }
    const p = error.problem;
    switch (error.kind) {
      case 'invalid-geometry': {
        const use = button(
          'use-repaired',
          '使用修复后的形状',
          'Use the repaired shape',
          'primary small',
        );
        use.addEventListener('click', () => {
          const values = readValues(false);
          const latlngs = latLngsOf(p.repaired);
          const keep = { feature: ed.feature, selected: ed.selected, action: ed.action };
          makeWorking(latlngs);
          Object.assign(ed, keep, { geometryChanged: true });
          renderForm(ed.feature?.properties ?? {}, values);
          say(
            '已换成修复后的形状：请检查后再次保存。 The repaired shape is loaded: check it, then save again.',
          );
          setMode('vertices');
        });
        showProblem(
          error,
          h('div', { className: 'problem-reason' }, `原因 Reason: ${p.reason ?? ''}`),
          ed.working && p.repaired ? use : null,
        );
        break;
      }
      case 'invalid-attributes': {
        const unplaced = [];
        for (const text of p.errors ?? []) {
          const [property, ...rest] = String(text).split(':');
          if (!fieldError(property.trim(), rest.join(':').trim() || text)) unplaced.push(text);
        }
        showProblem(
          error,
          unplaced.length ? h('ul', {}, ...unplaced.map((t) => h('li', {}, t))) : null,
        );
        break;
      }
      case 'stale-version':
      case 'version-required': {
        const layer = body?.layer ?? ed.layer;
        const id = body?.featureId ?? ed.selected?.id;
        const reload = button(
          'reload-feature',
          '重新加载要素',
          'Reload the feature',
          'primary small',
        );
        reload.addEventListener('click', async () => {
          try {
            await selectFeature(layer, id);
            say('已加载最新版本，请重做修改。 The current version is loaded: redo your edit.');
          } catch (e) {
            showProblem(e);
          }
        });
        showProblem(error, staleList(p), id ? reload : null);
        break;
      }
      case 'reason-required':
        reasonError(p.detail);
        showProblem(error);
        break;
      default:
        showProblem(error);
    }
  }

  function staleList(p) {
    const items = [];
    for (const s of p.stale ?? []) {
      items.push(
        h(
          'li',
          {},
          `${layerName(s.layer)} #${s.featureId}: v${s.baseVersion} → ${
            s.currentVersion == null ? '已删除 deleted' : `v${s.currentVersion}`
          }`,
        ),
      );
    }
    for (const c of p.changes ?? []) {
      items.push(
        h(
          'li',
          {},
          `v${c.version} · ${c.author} · ${c.reason}${c.documentNumber ? ` · ${c.documentNumber}` : ''}`,
        ),
      );
    }
    return items.length ? h('ul', { className: 'stale-list' }, ...items) : null;
  }

  function confirmDelete() {
    if (!ed.selected) return;
    setMode(null);
    const p = ed.feature?.properties ?? {};
    const yes = button('delete-confirm', '确认删除', 'Delete it', 'danger small');
    const no = button('delete-cancel', '取消', 'Cancel', 'small');
    deleteBox.replaceChildren(
      h(
        'p',
        {},
        `删除${layerName(ed.layer)} ${p.code ?? ''}（#${ed.selected.id}）？ Delete this feature?`,
      ),
      h('div', { className: 'button-row' }, yes, no),
    );
    deleteBox.hidden = false;
    no.addEventListener('click', () => {
      deleteBox.hidden = true;
    });
    yes.addEventListener('click', () => {
      deleteBox.hidden = true;
      const { layer, id, version } = ed.selected;
      send(
        '/edits',
        { layer, action: 'delete', featureId: id, baseVersion: version },
        () => '删除已加入草稿 The deletion is in the draft',
      );
    });
  }

  function split(line) {
    if (!ed.selected) return;
    const { layer, id, version } = ed.selected;
    setMode(null);
    send(
      '/split',
      { layer, featureId: id, baseVersion: version, line },
      (answer) =>
        `已分割为 ${answer.pieces} 块，已加入草稿 Split into ${answer.pieces} pieces, in the draft`,
    );
  }

  // ---- merge ------------------------------------------------------------------------------------

  async function toggleMerge(id) {
    const at = ed.mergeSet.findIndex((m) => m.id === Number(id));
    if (at >= 0) {
      ed.mergeSet.splice(at, 1);
    } else {
      const f = await get(`/api/layers/${ed.layer}/features/${id}`);
      ed.mergeSet.push({
        id: Number(f.id ?? id),
        version: f.properties.version,
        code: f.properties.code,
        geometry: f.geometry,
      });
    }
    renderMerge();
  }

  function renderMerge() {
    if (ed.mode === 'merge' && ed.mergeSet.length === 0 && ed.selected && ed.feature) {
      ed.mergeSet.push({
        id: ed.selected.id,
        version: ed.selected.version,
        code: ed.feature.properties.code,
        geometry: ed.feature.geometry,
      });
    }
    mergeGroup.clearLayers();
    for (const m of ed.mergeSet) {
      mergeGroup.addLayer(
        L.geoJSON(m.geometry, { interactive: false, snapIgnore: true, style: () => STYLES.merge }),
      );
    }
    const go = button(
      'merge-confirm',
      `合并 ${ed.mergeSet.length} 个`,
      `Merge ${ed.mergeSet.length}`,
      'primary small',
    );
    go.disabled = ed.mergeSet.length < 2;
    go.addEventListener('click', () => {
      const chosen = ed.mergeSet;
      setMode(null);
      send(
        '/merge',
        {
          layer: ed.layer,
          featureIds: chosen.map((m) => m.id),
          baseVersions: chosen.map((m) => m.version),
        },
        () =>
          `已合并 ${chosen.length} 个要素到 ${chosen[0].code}，已加入草稿 Merged into ${chosen[0].code}, in the draft`,
      );
    });
    mergeBox.replaceChildren(
      h('div', { className: 'merge-title' }, `合并所选 Features to merge (${ed.mergeSet.length})`),
      h(
        'ul',
        { id: 'merge-list' },
        ...ed.mergeSet.map((m, i) =>
          h(
            'li',
            { dataset: { id: m.id } },
            `${m.code ?? `#${m.id}`}${i === 0 ? ' ← 保留 kept' : ''}`,
          ),
        ),
      ),
      h('div', { className: 'button-row' }, go),
    );
  }

  function clearMerge() {
    ed.mergeSet = [];
    mergeGroup.clearLayers();
    mergeBox.replaceChildren();
  }

  // ---- preview, commit, submit ------------------------------------------------------------------

  function showResult(kind, content) {
    result.hidden = false;
    result.dataset.status = kind;
    result.replaceChildren(content);
  }

  async function runPreview() {
    if (!ed.draft) return null;
    previewButton.disabled = true;
    try {
      const answer = await get(`/api/change-sets/${ed.draft.id}/preview`);
      ctx.history.clearOverlays();
      preview.show(answer, {
        title: `预览 Preview · 草稿 Draft #${ed.draft.id}`,
        context: 'draft',
      });
      return answer;
    } catch (error) {
      showResult('error', problemBox(error));
      return null;
    } finally {
      previewButton.disabled = !ed.edits.length;
    }
  }

  async function finish(kind) {
    if (!ed.draft) return;
    const id = ed.draft.id;
    commitButton.disabled = true;
    submitButton.disabled = true;
    try {
      if (kind === 'commit') {
        const answer = await post(`/api/change-sets/${id}/commit`);
        await afterFinished();
        showResult(
          'committed',
          h(
            'div',
            { className: 'success' },
            `✓ 变更集 #${id} 已提交生效 Change set #${id} committed (${answer.edits.length} 项修改 edits)`,
          ),
        );
        ctx.afterCommitted(answer);
      } else {
        await post(`/api/change-sets/${id}/submit`);
        await afterFinished();
        showResult(
          'submitted',
          h(
            'div',
            { className: 'success' },
            `✓ 变更集 #${id} 已提交市局审核 Change set #${id} submitted for review`,
          ),
        );
        ctx.review.refresh();
      }
    } catch (error) {
      const p = error instanceof ApiError ? error.problem : null;
      if (p?.preview) {
        preview.show(p.preview, {
          title: `未能提交 Not committed · 草稿 Draft #${id}`,
          context: 'draft',
        });
      }
      const reloads = (p?.stale ?? []).map((st) => {
        const b = h(
          'button',
          { type: 'button', className: 'button small reload-stale' },
          `重新加载 Reload ${layerName(st.layer)} #${st.featureId}`,
        );
        b.addEventListener('click', async () => {
          await selectFeature(st.layer, st.featureId).catch((e) => showProblem(e));
          say(
            '已加载最新版本：请从草稿中移除旧的修改并重做。 The current version is loaded: remove the old edit from the draft and redo it.',
          );
        });
        return b;
      });
      showResult(
        'error',
        problemBox(
          error,
          p ? staleList(p) : null,
          reloads.length ? h('div', { className: 'button-row' }, ...reloads) : null,
        ),
      );
      updateTools();
    }
  }

  async function afterFinished() {
    preview.clear();
    clearWorking();
    ed.draft = null;
    ed.edits = [];
    draftGroup.clearLayers();
    reasonInput.value = '';
    documentInput.value = '';
    renderDraft();
    await refreshDraftChoices();
  }

  async function discard() {
    if (!ed.draft) return;
    try {
      await del(`/api/change-sets/${ed.draft.id}`);
      const id = ed.draft.id;
      preview.clear();
      await afterFinished();
      say(`草稿 #${id} 已放弃 Draft #${id} discarded`);
    } catch (error) {
      showProblem(error);
    }
  }

  // ---- neighbours for snapping ------------------------------------------------------------------

  let neighbourTimer;
  let neighbourRequest;
  let active = false;

  function scheduleNeighbours() {
    clearTimeout(neighbourTimer);
    neighbourTimer = setTimeout(() => loadNeighbours().catch(() => {}), 250);
  }

  function setNeighbours(features, note) {
    neighbours.clearLayers();
    if (features.length) neighbours.addData({ type: 'FeatureCollection', features });
    hooks.neighbours = features.length;
    panel.dataset.neighbours = String(features.length);
    snapInfo.textContent = note;
  }

  async function loadNeighbours() {
    neighbourRequest?.abort();
    if (!active || !canEdit()) {
      setNeighbours([], '');
      return;
    }
    const minZoom = NEIGHBOUR_MIN_ZOOM[ed.layer] ?? 13;
    if (map.getZoom() < minZoom) {
      setNeighbours(
        [],
        `放大到 ${minZoom} 级以上可吸附到相邻要素 Zoom to ${minZoom}+ to snap to neighbours`,
      );
      return;
    }
    const b = map.getBounds().pad(0.15);
    const clamp = (v, lo, hi) => Math.min(hi, Math.max(lo, v)).toFixed(6);
    const bbox = [
      clamp(b.getWest(), -180, 180),
      clamp(b.getSouth(), -90, 90),
      clamp(b.getEast(), -180, 180),
      clamp(b.getNorth(), -90, 90),
    ].join(',');
    const layer = ed.layer;
    const request = (neighbourRequest = new AbortController());
    const fc = await get(`/api/layers/${layer}/features?bbox=${bbox}&limit=${NEIGHBOUR_LIMIT}`, {
      signal: request.signal,
    });
    if (request !== neighbourRequest || layer !== ed.layer) return;
    const hidden = new Set([ed.selected?.id, ...ed.mergeSet.map((m) => m.id)]);
    const features = fc.features.filter((f) => !hidden.has(Number(f.id)));
    setNeighbours(
      features,
      `可吸附 ${features.length} 个相邻${layerName(layer)} · Snapping to ${features.length} neighbours${
        fc.features.length >= NEIGHBOUR_LIMIT ? '（已达上限，请放大 limit reached: zoom in）' : ''
      }`,
    );
  }

  map.on('moveend', () => {
    if (active) scheduleNeighbours();
  });

  // ---- wiring -----------------------------------------------------------------------------------

  layerSelect.addEventListener('change', () => {
    clearWorking();
    clearMerge();
    ed.layer = layerSelect.value;
    say('');
    updateTools();
    scheduleNeighbours();
  });
  draftSelect.addEventListener('change', async () => {
    try {
      preview.clear();
      clearWorking();
      await loadDraft(draftSelect.value ? Number(draftSelect.value) : null);
    } catch (error) {
      showProblem(error);
    }
  });
  reasonInput.addEventListener('input', () => reasonError(null));
  discardButton.addEventListener('click', discard);
  for (const [id, b] of toolButtons) {
    b.addEventListener('click', async () => {
      say('');
      switch (id) {
        case 'delete':
          confirmDelete();
          break;
        case 'history':
          if (ed.selected) ctx.history.open(ed.selected.layer, ed.selected.id);
          break;
        default:
          toggleMode(id);
      }
    });
  }
  finishButton.addEventListener('click', finishDrawing);
  cancelToolButton.addEventListener('click', () => setMode(null));
  saveButton.addEventListener('click', save);
  cancelEditButton.addEventListener('click', () => {
    clearWorking();
    say('');
  });
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    save();
  });
  form.addEventListener('input', (e) => {
    const row = e.target.closest('.ef-field');
    if (row?.classList.contains('invalid')) fieldError(row.dataset.property, null);
  });
  previewButton.addEventListener('click', runPreview);
  commitButton.addEventListener('click', () => finish('commit'));
  submitButton.addEventListener('click', () => finish('submit'));
  document.addEventListener('keydown', (e) => {
    if (!active || e.key !== 'Escape' || !ed.mode) return;
    if (e.target.closest?.('input, select, textarea')) return;
    setMode(null);
  });

  renderDraft();

  return {
    /** The panel is shown (true) or hidden: the editing layers are on the map only while shown. */
    setActive(on) {
      if (active === on) return;
      active = on;
      for (const layer of [neighbours, draftGroup, mergeGroup, workingGroup]) {
        if (on) layer.addTo(map);
        else layer.remove();
      }
      if (!on) setMode(null);
      scheduleNeighbours();
    },
    /** The user changed: reset to their drafts. */
    async reset() {
      clearWorking();
      clearMerge();
      ed.draft = null;
      ed.edits = [];
      draftGroup.clearLayers();
      result.hidden = true;
      say('');
      renderDraft();
      if (editsRole(user()?.role)) await refreshDraftChoices();
    },
    setAsOf(asOf) {
      ed.asOf = asOf;
      if (asOf) setMode(null);
      updateTools();
      scheduleNeighbours();
    },
    /** Opens a draft (e.g. a revert) and previews it. */
    async openDraft(id, { runPreview: andPreview = false } = {}) {
      clearWorking();
      await loadDraft(id);
      result.hidden = true;
      if (andPreview) await runPreview();
    },
    /** Selects a feature for editing (from the popup). */
    async edit(layer, id) {
      try {
        await selectFeature(layer, id);
      } catch (error) {
        showProblem(error);
      }
    },
    refreshNeighbours: scheduleNeighbours,
  };
}

function button(id, zh, en, kind = '') {
  return h(
    'button',
    { type: 'button', id, className: `button ${kind}`.trim() },
    zh,
    ' ',
    h('span', { className: 'en' }, en),
  );
}

function requiredMark() {
  const mark = h('span', { className: 'required', title: '必填 Required' }, ' *');
  mark.setAttribute('aria-hidden', 'true');
  return mark;
}

export { button, requiredMark };
