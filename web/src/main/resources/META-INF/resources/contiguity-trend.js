// 集聚连片 trend (GET /api/contiguity/trend?layer=red_line&by=district): the red line's patches, mean
// patch size and share in big blocks at the end of each year the history holds, as three labelled
// line charts and the same figures as a table, in a modal dialog opened from the quota panel.
// ECharts is loaded when the dialog first opens (the map page does not need it otherwise). The
// dialog is a native <dialog>: Esc closes it, focus stays inside and goes back to its opener.

/* global echarts */

import { getResource } from './api.js';
import { h } from './dom.js';
import { decimal, mu, percent } from './format.js';

const ECHARTS = '/webjars/echarts/5.3.1/dist/echarts.min.js';

/** The three measures: the key in a unit's figures, titles, formatter, colour (≥ 7:1 on white). */
const MEASURES = [
  {
    key: 'patches',
    title: '连片数 Patches',
    unit: '片',
    format: (v) => decimal(v),
    color: '#0b3d6b',
  },
  {
    key: 'meanPatchMu',
    title: '平均连片面积 Mean patch (亩 mu)',
    unit: '亩',
    format: (v) => mu(v, 0),
    color: '#6b2a00',
  },
  {
    key: 'bigBlockShare',
    title: '千亩以上连片占比 Share in big blocks',
    unit: '',
    format: (v) => percent(v),
    color: '#14532d',
  },
];

let echartsLoading = null;

/** ECharts, loaded once (a script of the same origin: the Content-Security-Policy allows it). */
function loadEcharts() {
  if (typeof echarts !== 'undefined') return Promise.resolve();
  echartsLoading ??= new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = ECHARTS;
    script.addEventListener('load', () => resolve());
    script.addEventListener('error', () => {
      echartsLoading = null;
      reject(new Error('图表库加载失败 (charts library failed to load)'));
    });
    document.head.append(script);
  });
  return echartsLoading;
}

/** The button that opens the trend, for the quota panel's note. */
export function contiguityTrendButton() {
  const button = h(
    'button',
    {
      type: 'button',
      id: 'contiguity-trend-button',
      className: 'contiguity-trend-button',
      'aria-haspopup': 'dialog',
    },
    '连片趋势 Contiguity trend',
  );
  button.addEventListener('click', () => openTrend(button));
  return button;
}

async function openTrend(opener) {
  const dialog = trendDialog(opener);
  const body = dialog.querySelector('.ct-body');
  body.replaceChildren(h('p', { className: 'ct-loading' }, '加载中… Loading…'));
  if (!dialog.open) dialog.showModal();
  let trend;
  try {
    [trend] = await Promise.all([
      getResource('/api/contiguity/trend?layer=red_line&by=district'),
      loadEcharts(),
    ]);
  } catch (error) {
    body.replaceChildren(h('p', { className: 'ct-failed', role: 'alert' }, error.message));
    return;
  }
  showTrend(dialog, trend);
  whileMaking(dialog, trend);
}

/**
 * Past year ends not kept yet are made from the history in the background (about half a minute a
 * year at a million parcels): while some are, ask again every 15 s as long as the dialog is open.
 */
function whileMaking(dialog, trend) {
  if (!trend.making?.length) return;
  setTimeout(async () => {
    if (!dialog.open) return;
    let again;
    try {
      again = await getResource('/api/contiguity/trend?layer=red_line&by=district');
    } catch {
      return;
    }
    if (!dialog.open) return;
    showTrend(dialog, again);
    whileMaking(dialog, again);
  }, 15000);
}

/** The dialog, made once: title, unit choice, body, close button. */
function trendDialog(opener) {
  let dialog = document.getElementById('contiguity-trend-dialog');
  if (dialog) return dialog;
  const close = h('button', { type: 'button', className: 'ct-close' }, '关闭 Close');
  dialog = h(
    'dialog',
    { id: 'contiguity-trend-dialog', className: 'ct-dialog', 'aria-labelledby': 'ct-title' },
    h('h2', { id: 'ct-title' }, '红线集聚连片趋势 ', h('span', { className: 'en' }, 'Red-line contiguity by year')),
    h(
      'label',
      { className: 'ct-unit' },
      '范围 Area ',
      h('select', { id: 'ct-unit' }),
    ),
    h('div', { className: 'ct-body' }),
    h('div', { className: 'ct-actions' }, close),
  );
  close.addEventListener('click', () => dialog.close());
  dialog.addEventListener('close', () => opener.focus());
  document.body.append(dialog);
  return dialog;
}

/** The trend of the chosen unit (the city first): three charts and the table. */
function showTrend(dialog, trend) {
  const select = dialog.querySelector('#ct-unit');
  const units = [
    { code: '', name: '全市 City' },
    ...(trend.points.at(-1)?.units ?? []).map((u) => ({
      code: u.code,
      name: `${u.name} ${u.nameEn ?? ''}`.trim(),
    })),
  ];
  const chosen = select.value;
  select.replaceChildren(
    ...units.map((u) => h('option', { value: u.code, selected: u.code === chosen }, u.name)),
  );
  select.onchange = () => showTrend(dialog, trend);
  const code = select.value;
  const figures = trend.points.map((p) => ({
    year: p.year,
    unit: code ? p.units.find((u) => u.code === code) : p.total,
  }));
  const body = dialog.querySelector('.ct-body');
  const big = decimal(trend.bigBlockMu);
  const note = h(
    'p',
    { className: 'ct-note' },
    `每年年末（北京时间次年 1 月 1 日 0 时）的红线，本年为当前；相距不超过 ${decimal(trend.gapM)} 米的图斑为一片，` +
      `千亩以上连片：${big} 亩及以上。`,
    h('br'),
    `The red line at the end of each year (this year: now); pieces at most ${decimal(trend.gapM)} m ` +
      `apart form one patch; big blocks: patches of ${big} mu or more.`,
  );
  const making = trend.making?.length
    ? h(
        'p',
        { className: 'ct-making', role: 'status' },
        `${trend.making.join('、')} 年末的数据正在根据历史计算，稍后自动显示。`,
        h('br'),
        `The year ends of ${trend.making.join(', ')} are being computed from the history; ` +
          'they appear here by themselves.',
      )
    : '';
  if (!figures.length) {
    body.replaceChildren(note, h('p', {}, '历史中尚无已提交的变更。No committed change in the history yet.'));
    return;
  }
  const charts = MEASURES.map((m) => {
    const values = figures.map((f) => f.unit?.[m.key] ?? 0);
    return {
      measure: m,
      values,
      element: h('div', {
        className: 'ct-chart',
        role: 'img',
        dataset: { measure: m.key, values: values.join(',') },
        'aria-label':
          `${m.title}：` + figures.map((f, i) => `${f.year} 年 ${m.format(values[i])}${m.unit}`).join('，'),
      }),
    };
  });
  body.replaceChildren(
    note,
    making,
    h(
      'div',
      { className: 'ct-charts' },
      charts.map((c) => h('figure', {}, h('figcaption', {}, c.measure.title), c.element)),
    ),
    trendTable(figures),
  );
  for (const c of charts) {
    const instance = echarts.getInstanceByDom(c.element) ?? echarts.init(c.element);
    instance.setOption(chartOption(figures, c.measure, c.values), true);
  }
}

/** One measure by year: a line with every value written beside its point. */
function chartOption(figures, measure, values) {
  return {
    animation: false,
    textStyle: { color: '#1a1a1a' },
    grid: { left: 48, right: 24, top: 28, bottom: 28 },
    tooltip: { trigger: 'axis', valueFormatter: (v) => `${measure.format(v)}${measure.unit}` },
    xAxis: {
      type: 'category',
      data: figures.map((f) => String(f.year)),
      axisLabel: { color: '#1a1a1a' },
      axisLine: { lineStyle: { color: '#555' } },
    },
    yAxis: {
      type: 'value',
      scale: measure.key !== 'bigBlockShare',
      min: measure.key === 'bigBlockShare' ? 0 : undefined,
      max: measure.key === 'bigBlockShare' ? 1 : undefined,
      axisLabel: { color: '#1a1a1a', formatter: (v) => measure.format(v) },
      splitLine: { lineStyle: { color: '#d0d4d9' } },
    },
    series: [
      {
        type: 'line',
        data: values,
        color: measure.color,
        symbol: 'circle',
        symbolSize: 7,
        lineStyle: { width: 2 },
        label: {
          show: true,
          position: 'top',
          color: '#1a1a1a',
          fontWeight: 600,
          formatter: ({ value }) => measure.format(value),
        },
      },
    ],
  };
}

/** The same figures as a table: what a screen reader or a keyboard user reads. */
function trendTable(figures) {
  return h(
    'table',
    { className: 'ct-table' },
    h('caption', {}, '逐年数值 Figures by year'),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', { scope: 'col' }, '年 Year'),
        MEASURES.map((m) => h('th', { scope: 'col' }, m.title)),
      ),
    ),
    h(
      'tbody',
      {},
      figures.map((f) =>
        h(
          'tr',
          { dataset: { year: String(f.year) } },
          h('th', { scope: 'row' }, String(f.year)),
          MEASURES.map((m) =>
            h('td', { dataset: { measure: m.key } }, m.format(f.unit?.[m.key] ?? 0)),
          ),
        ),
      ),
    ),
  );
}
