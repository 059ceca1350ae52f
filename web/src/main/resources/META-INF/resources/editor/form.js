// The attribute form of the feature being drawn or edited, built from the layer's schema: a control
// per field (a list for coded fields), values shown as the form shows them and read back as the API
// wants them, errors beside their field; and its head (action, code, version, live area).

import { h, requiredMark } from '../dom.js';
import { mu } from '../format.js';
import { muOf, polygonGeometry } from '../geo.js';
import { geometryArea } from '../geodesy.js';
import { bilingual, EDIT_ACTIONS, fieldLabel, fieldVocabulary } from '../vocabulary.js';
import { layerName, schemaOf } from './state.js';
import { vertexList } from './vertices.js';

/** The head of the form: new or changed, the feature's code and version, its area as drawn. */
export function renderFeatureHead(ed) {
  const { featureHead } = ed.ui;
  if (!ed.working) {
    featureHead.replaceChildren();
    return;
  }
  const area = geometryArea(polygonGeometry(ed.working));
  const action = ed.action === 'create' ? EDIT_ACTIONS.CREATE : EDIT_ACTIONS.UPDATE;
  const p = ed.feature?.properties ?? {};
  const parts = [
    h('span', { className: `action-badge action-${ed.action?.toUpperCase()}` }, bilingual(action)),
    h('b', {}, ` ${layerName(ed, ed.layer)} `),
    ed.selected
      ? h(
          'span',
          { className: 'code' },
          `${p.code ?? ''} · #${ed.selected.id} · v${ed.selected.version}`,
        )
      : null,
    h(
      'span',
      { className: 'area', title: '面积（CGCS2000 椭球）Area (ellipsoidal)' },
      `${mu(muOf(area))} 亩 mu`,
    ),
    ed.geometryChanged && ed.action === 'update'
      ? h('span', { className: 'changed-tag' }, '形状已改 Shape changed')
      : null,
  ];
  featureHead.replaceChildren(...parts.filter(Boolean), vertexList(ed));
}

/** The form for a feature's properties; `keep`: values typed before, shown instead. */
export function renderForm(ed, properties, keep) {
  const fields = schemaOf(ed)?.fields ?? [];
  ed.ui.form.replaceChildren(...fields.map((field) => fieldRow(ed, field, properties, keep)));
  ed.ui.featureBox.hidden = false;
  renderFeatureHead(ed);
}

function fieldRow(ed, field, properties, keep) {
  const [zh, en] = fieldLabel(field.property, ed.layer);
  const id = `ef-${field.property}`;
  const label = h(
    'label',
    { htmlFor: id },
    zh,
    ' ',
    h('span', { className: 'en' }, en),
    field.required && !field.derived ? requiredMark() : null,
  );
  const value = keep && field.property in keep ? keep[field.property] : properties[field.property];
  let control;
  if (field.derived) {
    control = h(
      'output',
      { id, className: 'derived', dataset: { property: field.property } },
      derivedText(ed, field.property, properties[field.property]),
    );
    control.title = '由图形自动生成（保存时）Derived from the shape by the server';
  } else {
    control = inputFor(ed, field, id);
    control.value = formText(field, value);
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

function inputFor(ed, field, id) {
  const common = { id, name: field.property, required: field.required };
  if (field.allowed?.length) {
    const vocabulary = fieldVocabulary(ed.layer, field.property);
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
        placeholder: field.property === 'code' ? '留空自动编号 Blank: numbered automatically' : '',
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

/** Shows (or with null clears) an error beside a field; false when the form has no such field. */
export function fieldError(ed, property, text) {
  const row = ed.ui.form.querySelector(`.ef-field[data-property="${property}"]`);
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
export function readValues(ed, check = true) {
  const { form } = ed.ui;
  const fields = (schemaOf(ed)?.fields ?? []).filter((f) => !f.derived);
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
    fieldError(ed, field.property, problem);
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

/** A field the server derives from the shape (district, cluster), as the form shows it. */
function derivedText(ed, property, value) {
  const { state } = ed.ctx;
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
