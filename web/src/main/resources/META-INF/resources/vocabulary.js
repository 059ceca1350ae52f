// The words of the map: translations of the coded values the API returns, and the labels of the
// feature properties that GET /api/features returns. Every label is a pair [Chinese, English].

// The layer facts (whether a layer keeps history, its fields' labels and code lists, how it is
// edited) are not kept here: every layer is defined once, by its capability on the server, and
// GET /api/layers serves the definitions; this module loads them once, before any module that
// imports it runs, and offers them below.

/**
 * The layers as GET /api/layers serves them, bottom first: {id, name, nameEn, minZoom, tiles,
 * versioned, fields: [{property, type, label: [zh, en], required, derived, codes: [{code, label}]}],
 * editing: {name, nameEn, codePrefix, snappingZoom} or null}. Empty when they cannot be loaded.
 */
export const LAYERS = await loadLayers();

async function loadLayers() {
  try {
    const response = await fetch('/api/layers', { headers: { Accept: 'application/json' } });
    return response.ok ? await response.json() : [];
  } catch {
    return [];
  }
}

const layerById = new Map(LAYERS.map((layer) => [layer.id, layer]));

/** Whether layer `layerId` keeps history (it can be drawn and read as of a moment). */
export const isVersioned = (layerId) => layerById.get(layerId)?.versioned === true;

/** From which zoom the neighbours of an editable layer are loaded for snapping (13 if unknown). */
export const snappingZoom = (layerId) => layerById.get(layerId)?.editing?.snappingZoom ?? 13;

/** The field `property` of layer `layerId`, as served, or undefined. */
const fieldOf = (layerId, property) =>
  layerById.get(layerId)?.fields.find((f) => f.property === property);

/** Served codes [{code, label}] as a vocabulary {code: [zh, en]}, in their order. */
const vocabulary = (codes) => Object.fromEntries(codes.map((c) => [c.code, c.label]));

/** The codes of field `property` of layer `layerId` as {code: [zh, en]}, or undefined. */
export function codesOf(layerId, property) {
  const codes = fieldOf(layerId, property)?.codes;
  return codes?.length ? vocabulary(codes) : undefined;
}

/** Reserve-land stages 储备用地阶段, in the order a piece passes them. */
export const RESERVE_STAGES = codesOf('reserve_land', 'stage') ?? {};

/** Renovation status of a village-level industrial park 村级工业园改造状态. */
export const VILLAGE_PARK_STATUSES = codesOf('village_park', 'status') ?? {};

/**
 * The known properties of GET /api/features, in the order the popup lists them: the label, and how
 * the value is shown (see popup.js). A vocabulary object means "translate the code with it"; names
 * are the properties that name a coded value (Chinese, then English), shown in its row instead of
 * rows of their own. Properties not listed here are shown after these, under their raw key.
 */
export const PROPERTIES = {
  code: { label: ['编码', 'Code'] },
  parcelCode: { label: ['宗地', 'Parcel'] },
  district: { label: ['区', 'District'], names: ['districtName', 'districtNameEn'] },
  town: { label: ['镇街', 'Town'], names: ['townName', 'townNameEn'] },
  clusterCode: { label: ['集聚区', 'Cluster'], names: ['clusterName', 'clusterNameEn'] },
  ownerVillage: { label: ['权属村', 'Owner village'] },
  developer: { label: ['开发企业', 'Developer'] },
  flagship: { label: ['旗舰园区', 'Flagship'], kind: 'boolean' },
  leadingIndustries: { label: ['主导产业', 'Leading industries'], kind: 'industries' },
  status: { label: ['改造状态', 'Status'], kind: 'codes' },
  renovationType: { label: ['改造方式', 'Renovation type'], kind: 'codes' },
  planYear: { label: ['计划年度', 'Plan year'], kind: 'year' },
  targetUse: { label: ['改造后用途', 'Target use'], kind: 'codes' },
  modernPark: { label: ['现代化产业园', 'Modern park'], kind: 'boolean' },
  stage: { label: ['阶段', 'Stage'], kind: 'codes' },
  stageSince: { label: ['阶段起始', 'Stage since'] },
  ownership: { label: ['权属', 'Ownership'], kind: 'codes' },
  landUse: { label: ['用途', 'Land use'], names: ['landUseName', 'landUseNameEn'] },
  grantType: { label: ['供地方式', 'Grant type'], kind: 'codes' },
  grantedOn: { label: ['供地日期', 'Granted on'] },
  worksStartedOn: { label: ['动工日期', 'Works started'] },
  completedOn: { label: ['竣工日期', 'Completed'] },
  productionStartedOn: { label: ['投产日期', 'Production started'] },
  designatedOn: { label: ['划定日期', 'Designated on'] },
  documentNumber: { label: ['文号', 'Document no.'] },
  areaMu: { label: ['面积（亩）', 'Area (mu)'], kind: 'number' },
  areaKm2: { label: ['面积（km²）', 'Area (km²)'], kind: 'number' },
  redLineMinimumKm2: { label: ['红线下限（km²）', 'Red-line minimum (km²)'], kind: 'number' },
  floorAreaM2: { label: ['建筑面积（m²）', 'Floor area (m²)'], kind: 'number' },
  soldAreaM2: { label: ['已售面积（m²）', 'Sold (m²)'], kind: 'number' },
  leasedAreaM2: { label: ['已租面积（m²）', 'Leased (m²)'], kind: 'number' },
  salePriceCnyM2: { label: ['售价（元/m²）', 'Price (CNY/m²)'], kind: 'number' },
  rentCnyM2Month: { label: ['租金（元/m²·月）', 'Rent (CNY/m²/month)'], kind: 'number' },
  plotRatioBefore: { label: ['改造前容积率', 'Plot ratio before'], kind: 'number' },
  plotRatioAfter: { label: ['改造后容积率', 'Plot ratio after'], kind: 'number' },
  enterprisesBefore: { label: ['改造前企业数', 'Enterprises before'], kind: 'number' },
  enterprisesAfter: { label: ['改造后企业数', 'Enterprises after'], kind: 'number' },
  investmentPerMu: { label: ['投资强度（万元/亩）', 'Investment (10k CNY/mu)'], kind: 'number' },
  outputPerMu: { label: ['亩均产值（万元/亩）', 'Output (10k CNY/mu)'], kind: 'number' },
  taxPerMu: { label: ['亩均税收（万元/亩）', 'Tax (10k CNY/mu)'], kind: 'number' },
  plotRatioMin: { label: ['容积率下限', 'Min. plot ratio'], kind: 'number' },
  energyPer10kCnyTce: { label: ['单位产值能耗（吨标煤/万元）', 'Energy (tce/10k CNY)'], kind: 'number' },
  environmentalTerms: { label: ['环保要求', 'Environmental terms'] },
  enterprises: { label: ['用地企业', 'Enterprises'], kind: 'enterprises' },
  updatedAt: { label: ['更新时间', 'Updated'], kind: 'timestamp' },
  asOfVersion: { label: ['版本', 'Version'] },
  asOf: { label: ['历史时点', 'As of'], kind: 'timestamp' },
};

// A layer's fields not listed above are labelled as their layer defines them (after those above),
// and translated by their codes: a new layer's attributes need nothing here.
for (const field of LAYERS.flatMap((layer) => layer.fields)) {
  PROPERTIES[field.property] ??= {
    label: field.label,
    ...(field.codes.length ? { kind: 'codes' } : {}),
  };
}

/**
 * Properties the popup does not list: the name is its title, the version is for editing, ids are
 * shown by their names and codes, and names in the row of the value they name.
 */
export const HIDDEN_PROPERTIES = new Set([
  'name',
  'nameEn',
  'version',
  'clusterId',
  'parcelId',
  ...Object.values(PROPERTIES).flatMap((p) => p.names ?? []),
]);

/**
 * The vocabulary for coded property `key` of a feature of layer `layerId`, if any: the codes of the
 * layer's field; for a property of another source (a view), those of the first layer field of that
 * name, except a stage, which means something else in every layer.
 */
export function vocabularyOf(key, layerId) {
  if (PROPERTIES[key]?.kind !== 'codes') return undefined;
  const own = codesOf(layerId, key);
  if (own || key === 'stage') return own;
  const field = LAYERS.flatMap((l) => l.fields).find((f) => f.property === key && f.codes.length);
  return field ? vocabulary(field.codes) : undefined;
}

/** "中文 English" of a label pair. */
export const bilingual = ([zh, en]) => `${zh} ${en}`;

// ---------------------------------------------------------------------------------------------
// Editing: the words of the editing panel, the review and the history.

/** The editable layers, as served, bottom first. */
export const EDITABLE_LAYERS = LAYERS.filter((layer) => layer.editing);

/** The coded values of an editable field of layer `layerId`, as {code: [zh, en]}, or {}. */
export const fieldVocabulary = (layerId, property) => codesOf(layerId, property) ?? {};

/** The label pair of an editable field of layer `layerId` (any editable layer if not given). */
export function fieldLabel(property, layerId) {
  const layers = layerId ? [layerById.get(layerId)] : EDITABLE_LAYERS;
  const field = layers.flatMap((l) => l?.fields ?? []).find((f) => f.property === property);
  return field?.label ?? PROPERTIES[property]?.label ?? [property, property];
}

/** Roles 角色 of the accounts. */
export const ROLES = {
  ADMIN: ['管理员', 'Administrator'],
  BUREAU: ['市局', 'Bureau'],
  PLANNER: ['规划（只读）', 'Planner (read only)'],
  DISTRICT: ['区级', 'District officer'],
};

/** Statuses of a change set 变更集. */
export const CHANGE_SET_STATUSES = {
  DRAFT: ['草稿', 'Draft'],
  PROPOSED: ['待审核', 'Proposed'],
  COMMITTED: ['已生效', 'Committed'],
  REJECTED: ['已驳回', 'Rejected'],
};

/** Actions of an edit. */
export const EDIT_ACTIONS = {
  CREATE: ['新建', 'Create'],
  UPDATE: ['修改', 'Update'],
  DELETE: ['删除', 'Delete'],
  RESTORE: ['恢复', 'Restore'],
};

/** Rules a change set can break. */
export const RULES = {
  overlap: ['重叠', 'Overlap'],
  contained: ['越界', 'Outside'],
  balance: ['以增定改', 'Balance'],
  minimum: ['低于下限', 'Below minimum'],
};

/** How a version ended (history). */
export const ENDINGS = {
  UPDATE: ['被修改', 'changed'],
  DELETE: ['被删除', 'deleted'],
  SPLIT: ['被分割', 'split'],
  MERGE: ['被合并', 'merged'],
};
