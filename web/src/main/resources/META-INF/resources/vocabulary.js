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

const OWNERSHIPS = {
  STATE: ['国有', 'State'],
  COLLECTIVE: ['集体', 'Collective'],
};

const GRANT_TYPES = {
  GRANT: ['出让', 'Grant'],
  LEASE: ['租赁', 'Lease'],
  ALLOCATION: ['划拨', 'Allocation'],
};

/** Land-use classes of parcels (GB/T 21010-2017), as in the land_use table. */
const LAND_USES = {
  '0601': ['工业用地', 'Industrial'],
  '0602': ['采矿用地', 'Mining'],
  '0604': ['仓储用地', 'Warehousing'],
};

/** Industry divisions 国民经济行业分类 (GB/T 4754-2017), as in the industry table. */
export const INDUSTRIES = {
  13: ['农副食品加工业', 'Agricultural and sideline food processing'],
  14: ['食品制造业', 'Food manufacturing'],
  15: ['酒、饮料和精制茶制造业', 'Liquor, beverages and refined tea'],
  17: ['纺织业', 'Textiles'],
  18: ['纺织服装、服饰业', 'Garments and apparel'],
  19: ['皮革、毛皮、羽毛及其制品和制鞋业', 'Leather, fur and footwear'],
  20: ['木材加工和木、竹、藤、棕、草制品业', 'Wood processing'],
  21: ['家具制造业', 'Furniture'],
  22: ['造纸和纸制品业', 'Paper and paper products'],
  23: ['印刷和记录媒介复制业', 'Printing'],
  24: ['文教、工美、体育和娱乐用品制造业', 'Stationery, crafts, sports and toys'],
  25: ['石油、煤炭及其他燃料加工业', 'Petroleum, coal and other fuels'],
  26: ['化学原料和化学制品制造业', 'Chemicals'],
  27: ['医药制造业', 'Pharmaceuticals'],
  28: ['化学纤维制造业', 'Chemical fibres'],
  29: ['橡胶和塑料制品业', 'Rubber and plastics'],
  30: ['非金属矿物制品业', 'Non-metallic mineral products'],
  31: ['黑色金属冶炼和压延加工业', 'Ferrous metals'],
  32: ['有色金属冶炼和压延加工业', 'Non-ferrous metals'],
  33: ['金属制品业', 'Metal products'],
  34: ['通用设备制造业', 'General-purpose machinery'],
  35: ['专用设备制造业', 'Special-purpose machinery'],
  36: ['汽车制造业', 'Automobiles'],
  37: ['铁路、船舶、航空航天和其他运输设备制造业', 'Railway, ship, aerospace and other transport equipment'],
  38: ['电气机械和器材制造业', 'Electrical machinery and equipment'],
  39: ['计算机、通信和其他电子设备制造业', 'Computers, communication and electronics'],
  40: ['仪器仪表制造业', 'Instruments'],
  41: ['其他制造业', 'Other manufacturing'],
  42: ['废弃资源综合利用业', 'Recycling of waste resources'],
  43: ['金属制品、机械和设备修理业', 'Repair of metal products and machinery'],
  44: ['电力、热力生产和供应业', 'Electricity and heat supply'],
  45: ['燃气生产和供应业', 'Gas supply'],
  46: ['水的生产和供应业', 'Water supply'],
  59: ['装卸搬运和仓储业', 'Handling and warehousing'],
};

/** The vocabulary a property named "stage" is in, by layer id. */
const STAGES_BY_LAYER = {
  reserve_land: RESERVE_STAGES,
  factory_building: FACTORY_STAGES,
};

/**
 * The known properties of GET /api/features, in the order the popup lists them: the label, and how
 * the value is shown (see popup.js). A vocabulary object means "translate the code with it".
 * Properties not listed here are shown after these, under their raw key.
 */
export const PROPERTIES = {
  code: { label: ['编码', 'Code'] },
  district: { label: ['区', 'District'], kind: 'district' },
  town: { label: ['镇街', 'Town'], kind: 'town' },
  clusterId: { label: ['集聚区', 'Cluster'], kind: 'cluster' },
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
  landUse: { label: ['用途', 'Land use'], kind: LAND_USES },
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
};

/** Properties the popup does not list: the name is its title, the version is for editing. */
export const HIDDEN_PROPERTIES = new Set(['name', 'nameEn', 'version']);

/** The vocabulary for coded property `key` of a feature of layer `layerId`, if any. */
export function vocabularyOf(key, layerId) {
  const kind = PROPERTIES[key]?.kind;
  if (kind === 'stage') return STAGES_BY_LAYER[layerId];
  return typeof kind === 'object' ? kind : undefined;
}

/** "中文 English" of a label pair. */
export const bilingual = ([zh, en]) => `${zh} ${en}`;
