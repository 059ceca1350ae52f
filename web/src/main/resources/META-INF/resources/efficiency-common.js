// What the planner's page (efficiency.html) and the printable summary (efficiency-summary.html)
// share: the names of the indicators, breach kinds and grades of the efficiency API
// (/api/efficiency/…), number formats, and ECharts helpers. Chinese first, English after.

/* global echarts */

/**
 * The indicators, by the API's keys (filters, sort, choropleth use exactly these): label pair and
 * unit. Per-mu values in 万元/亩; rdShare is a ratio 0..1 (shown as a percentage).
 */
export const INDICATORS = {
  taxPerMu: { label: ['亩均税收', 'Tax per mu'], unit: '万元/亩' },
  outputPerMu: { label: ['亩均工业总产值', 'Output per mu'], unit: '万元/亩' },
  valueAddedPerMu: { label: ['亩均增加值', 'Value added per mu'], unit: '万元/亩' },
  investmentPerMu: { label: ['固定资产投资强度', 'Investment per mu'], unit: '万元/亩' },
  valueAddedPerEnergy: { label: ['单位能耗增加值', 'Value added per energy'], unit: '万元/tce' },
  labourProductivity: { label: ['全员劳动生产率', 'Labour productivity'], unit: '万元/人' },
  rdShare: { label: ['研发投入占比', 'R&D share'], unit: '%', percent: true },
};

export const INDICATOR_KEYS = Object.keys(INDICATORS);

/** Kinds of breach of a supervision agreement (履约核查), with the colour the map gives them. */
export const BREACH_KINDS = {
  LATE_START: { label: ['逾期动工', 'Late start of works'], colour: '#f57c00' },
  LATE_COMPLETION: { label: ['逾期竣工', 'Late completion'], colour: '#fbc02d' },
  LATE_PRODUCTION: { label: ['逾期投产', 'Late production'], colour: '#8d6e63' },
  IDLE: { label: ['闲置土地', 'Idle land'], colour: '#d32f2f' },
  SHORTFALL_TAX: { label: ['税收未达标', 'Tax shortfall'], colour: '#7b1fa2' },
  SHORTFALL_OUTPUT: { label: ['产值未达标', 'Output shortfall'], colour: '#3949ab' },
  SHORTFALL_INVESTMENT: { label: ['投资未达标', 'Investment shortfall'], colour: '#00838f' },
  MISSING_DATA: { label: ['缺少数据', 'Missing data'], colour: '#78909c' },
};

/** The order of severity a parcel with several breaches is coloured by: the first it has. */
export const BREACH_ORDER = [
  'IDLE',
  'LATE_START',
  'LATE_COMPLETION',
  'LATE_PRODUCTION',
  'SHORTFALL_TAX',
  'SHORTFALL_OUTPUT',
  'SHORTFALL_INVESTMENT',
  'MISSING_DATA',
];

/** Grades 亩均评价等级 (A best) and their colours; "ungraded" for enterprises not graded. */
export const GRADES = {
  A: { label: ['A 类', 'A'], colour: '#2e7d32' },
  B: { label: ['B 类', 'B'], colour: '#7cb342' },
  C: { label: ['C 类', 'C'], colour: '#f9a825' },
  D: { label: ['D 类', 'D'], colour: '#c62828' },
  ungraded: { label: ['未评价', 'Ungraded'], colour: '#9e9e9e' },
};

/** "中文 English" of a label pair. */
export const both = ([zh, en]) => `${zh} ${en}`;

/** An indicator's label with its unit: "亩均税收 Tax per mu (万元/亩)". */
export const indicatorLabel = (key) =>
  INDICATORS[key] ? `${both(INDICATORS[key].label)}（${INDICATORS[key].unit}）` : key;

/** An indicator's value as shown: percentages for rdShare, else a number with 1–2 decimals. */
export function indicatorValue(key, value) {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  if (INDICATORS[key]?.percent) return `${fmt(value * 100, 2)}%`;
  return fmt(value, Math.abs(value) >= 100 ? 1 : 2);
}

/** A number in the Chinese locale with `digits` decimals; '—' when missing. */
export function fmt(value, digits = 0) {
  if (value === null || value === undefined || value === '' || Number.isNaN(Number(value))) {
    return '—';
  }
  return Number(value).toLocaleString('zh-CN', {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
}

/** The breach kinds of a parcel, worst first. */
/**
 * What a page of figures says of the role's figure scope (figureScope in the answer, V39/V40): a
 * role that reads one district's figures is given that district's rows only; empty otherwise.
 */
export const scopeNote = (scope) =>
  scope?.scope === 'OWN_DISTRICT'
    ? `（你的角色只能查看本区（${scope.districtName}）的企业数据 only ${scope.districtName}'s figures, by your role）`
    : '';

export const worstBreach = (kinds) => BREACH_ORDER.find((k) => (kinds ?? []).includes(k)) ?? null;

const charts = {};

/** The ECharts instance of the element with this id (made once, resized with the window). */
export function chart(id) {
  if (!charts[id]) {
    charts[id] = echarts.init(document.getElementById(id));
  }
  return charts[id];
}

window.addEventListener('resize', () => Object.values(charts).forEach((c) => c.resize()));

/** Resizes every chart (after a hidden panel is shown, or for printing). */
export function resizeCharts() {
  Object.values(charts).forEach((c) => c.resize());
}

/** A year-on-year line chart of one indicator: points [{year, value}]. */
export function trendOption(series, key) {
  const years = [...new Set(series.flatMap((s) => s.points.map((p) => p.year)))].sort();
  return {
    animation: false,
    tooltip: { trigger: 'axis', valueFormatter: (v) => indicatorValue(key, v) },
    legend: { top: 0, type: 'scroll' },
    grid: { left: 56, right: 16, top: 48, bottom: 24 },
    xAxis: { type: 'category', data: years.map(String) },
    yAxis: { type: 'value', name: INDICATORS[key]?.unit ?? '', scale: true, nameGap: 8 },
    series: series.map((s) => ({
      name: s.name,
      type: 'line',
      symbolSize: 7,
      data: years.map((y) => s.points.find((p) => p.year === y)?.value ?? null),
    })),
  };
}
