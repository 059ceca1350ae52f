// The words of the map: translations of the coded values the API returns, and the labels of the
// feature properties that GET /api/features returns. Every label is a pair [Chinese, English].

/** Reserve-land stages 储备用地阶段, in the order a piece passes them. */
export const RESERVE_STAGES = {
  ACQUIRED: ['收储', 'Acquired'],
  PREPARING: ['整备', 'Preparing'],
  READY: ['达标', 'Ready'],
  SUPPLIED: ['供地', 'Supplied'],
  STARTED: ['开工', 'Started'],
};

/** Renovation status of a village-level industrial park 村级工业园改造状态. */
export const VILLAGE_PARK_STATUSES = {
  NOT_PLANNED: ['未列入计划', 'Not planned'],
  PLANNED: ['计划', 'Planned'],
  DEMOLITION: ['拆除', 'Demolition'],
  CONSTRUCTION: ['建设', 'Construction'],
  COMPLETED: ['竣工', 'Completed'],
  PRODUCTION: ['投产', 'In production'],
};

export const RENOVATION_TYPES = {
  FULL: ['全面改造', 'Full renovation'],
  LIGHT: ['微改造', 'Light renovation'],
  COMPREHENSIVE: ['综合整治', 'Comprehensive improvement'],
};

/** Stages of a commercial factory building 商品厂房. */
export const FACTORY_STAGES = {
  INDUSTRY_INTRODUCTION: ['产业导入', 'Industry introduction'],
  APPROVAL: ['开发报建', 'Approval'],
  CONSTRUCTION: ['施工建设', 'Construction'],
  SALES: ['宣传销售', 'Sales'],
  OPERATION: ['使用运营', 'Operation'],
  ASSESSMENT: ['产出考核', 'Output assessment'],
};

export const OWNERSHIPS = {
  STATE: ['国有', 'State'],
  COLLECTIVE: ['集体', 'Collective'],
};

export const GRANT_TYPES = {
  GRANT: ['出让', 'Grant'],
  LEASE: ['租赁', 'Lease'],
  ALLOCATION: ['划拨', 'Allocation'],
};

/** The vocabulary a property named "stage" is in, by layer id. */
const STAGES_BY_LAYER = {
  reserve_land: RESERVE_STAGES,
  factory_building: FACTORY_STAGES,
};

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
  status: { label: ['改造状态', 'Status'], kind: VILLAGE_PARK_STATUSES },
  renovationType: { label: ['改造方式', 'Renovation type'], kind: RENOVATION_TYPES },
  planYear: { label: ['计划年度', 'Plan year'], kind: 'year' },
  modernPark: { label: ['现代化产业园', 'Modern park'], kind: 'boolean' },
  stage: { label: ['阶段', 'Stage'], kind: 'stage' },
  stageSince: { label: ['阶段起始', 'Stage since'] },
  ownership: { label: ['权属', 'Ownership'], kind: OWNERSHIPS },
  landUse: { label: ['用途', 'Land use'], names: ['landUseName', 'landUseNameEn'] },
  grantType: { label: ['供地方式', 'Grant type'], kind: GRANT_TYPES },
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

/** The vocabulary for coded property `key` of a feature of layer `layerId`, if any. */
export function vocabularyOf(key, layerId) {
  const kind = PROPERTIES[key]?.kind;
  if (kind === 'stage') return STAGES_BY_LAYER[layerId];
  return typeof kind === 'object' ? kind : undefined;
}

/** "中文 English" of a label pair. */
export const bilingual = ([zh, en]) => `${zh} ${en}`;

// ---------------------------------------------------------------------------------------------
// Editing: the words of the editing panel, the review and the history.

/** Land uses 用途 (GB/T 21010 codes) an editor may give a parcel. */
export const LAND_USES = {
  '0601': ['工业用地', 'Industrial'],
  '0602': ['采矿用地', 'Mining'],
  '0604': ['仓储用地', 'Warehousing'],
};

/** The coded values of an editable field, by property name (stage: of reserve land). */
export const FIELD_VOCABULARIES = {
  stage: RESERVE_STAGES,
  ownership: OWNERSHIPS,
  renovationType: RENOVATION_TYPES,
  status: VILLAGE_PARK_STATUSES,
  landUse: LAND_USES,
  grantType: GRANT_TYPES,
};

/** Labels of the editable fields that the popup has no label for. */
const MORE_FIELD_LABELS = {
  name: ['名称', 'Name'],
  nameEn: ['英文名称', 'English name'],
  districtCode: ['区', 'District'],
  townCode: ['镇街', 'Town'],
  clusterId: ['集聚区', 'Cluster'],
  grantTermYears: ['出让年限（年）', 'Grant term (years)'],
  floorAreaBeforeM2: ['改造前建筑面积（m²）', 'Floor area before (m²)'],
  demolishedAreaM2: ['拆除面积（m²）', 'Demolished (m²)'],
  newFloorAreaM2: ['新建建筑面积（m²）', 'New floor area (m²)'],
  leadingIndustries: ['主导产业（代码）', 'Leading industries (codes)'],
};

/** The label pair of an editable field. */
export const fieldLabel = (property) =>
  MORE_FIELD_LABELS[property] ?? PROPERTIES[property]?.label ?? [property, property];

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
