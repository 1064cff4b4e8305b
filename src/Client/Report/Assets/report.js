/* sweep report: builds the page from its JSON data (the report-data element) with Chart.js.
   What is plotted is decided by `sweep report`; this script only lays it out and styles it. When it is done it sets
   window.sweepReport, which says what each chart drew (the tests read it). */
(function () {
  'use strict';

  const started = performance.now();
  const page = JSON.parse(document.getElementById('report-data').textContent);
  const root = document.getElementById('report');

  const ARM_COLORS = ['#4e79a7', '#f28e2b', '#59a14f', '#e15759', '#b07aa1', '#76b7b2', '#edc948', '#9c755f', '#ff9da7', '#bab0ac'];
  // Viridis (matplotlib), cut before its palest yellow, which would vanish on white.
  const VIRIDIS = ['#440154', '#482475', '#414487', '#355f8d', '#2a788e', '#21918c', '#22a884', '#44bf70', '#7ad151', '#bddf26'];
  const SUGGESTION_STYLES = [['#e15759', 'circle'], ['#f28e2b', 'rectRot'], ['#2e8540', 'triangle']];
  const BOUND_COLORS = ['#b22222', '#6a3d9a'];

  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  Chart.defaults.font.size = 12;
  Chart.defaults.color = '#5b6675';

  // ---- small helpers -------------------------------------------------------------------------------------------

  function el(tag, attrs, children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === 'text') node.textContent = value;
      else if (key === 'style') node.style.cssText = value;
      else node.setAttribute(key, value === true ? '' : value);
    }
    for (const child of children || []) if (child) node.append(child);
    return node;
  }

  function num(value, digits) {
    if (value === null || value === undefined) return '—';
    if (typeof value !== 'number') return String(value);
    if (value === 0) return '0';
    const abs = Math.abs(value);
    if (abs >= 1e5 || abs < 1e-3) return value.toExponential((digits || 4) - 1).replace(/\.?0+e/, 'e').replace('e+', 'e');
    return String(Number(value.toPrecision(digits || 4)));
  }

  function armColor(arm) { return ARM_COLORS[(arm || 0) % ARM_COLORS.length]; }

  function rateColor(rate, scale) {
    const span = Math.log(scale.max) - Math.log(scale.min);
    const t = span > 0 ? (Math.log(rate) - Math.log(scale.min)) / span : 0.5;
    const x = Math.min(Math.max(t, 0), 1) * (VIRIDIS.length - 1);
    const i = Math.min(Math.floor(x), VIRIDIS.length - 2);
    return mix(VIRIDIS[i], VIRIDIS[i + 1], x - i);
  }

  function mix(a, b, t) {
    const pa = [1, 3, 5].map(i => parseInt(a.substr(i, 2), 16));
    const pb = [1, 3, 5].map(i => parseInt(b.substr(i, 2), 16));
    return 'rgb(' + pa.map((v, i) => Math.round(v + (pb[i] - v) * t)).join(',') + ')';
  }

  function badge(name, count) {
    return el('span', { class: 'badge ' + name, text: name }, count === undefined ? [] : [el('b', { text: String(count) })]);
  }

  function panel(id, title, caption) {
    return el('section', { class: 'panel', id }, [el('h2', { text: title }), caption ? el('p', { class: 'caption', text: caption }) : null]);
  }

  // ---- header and summary --------------------------------------------------------------------------------------

  const sections = [];

  function header() {
    const nav = el('nav', { class: 'sections' });
    const top = el('header', { class: 'top' }, [
      el('div', { class: 'brand', text: page.kind === 'trial' ? 'sweep report · trial' : 'sweep report' }),
      el('h1', { text: page.title }),
      el('p', { class: 'subtitle', text: page.subtitle }),
      el('p', { class: 'source', text: page.source }),
      nav,
    ]);
    root.append(top);
    return nav;
  }

  // What the result warns of (an arm whose every trial diverged, a best on the edge of the range searched, failures),
  // first, before any figure is read.
  function warnings() {
    if (!page.warnings || !page.warnings.length) return;
    const box = el('section', { class: 'panel warnings', id: 'warnings' }, [el('h2', { text: 'Warnings' })]);
    box.append(el('ul', {}, page.warnings.map(w => el('li', { text: w }))));
    root.append(box);
  }

  function summary() {
    const box = panel('summary', 'Summary');
    sections.push(['summary', 'Summary']);
    const facts = el('dl', { class: 'facts' });
    for (const f of page.facts) facts.append(el('dt', { text: f.label }), el('dd', { text: f.value }));
    const tallies = el('div', { class: 'tallies' });
    const group = (title, items) => el('div', { class: 'tally' }, [el('h3', { text: title }), el('div', { class: 'chips' }, items)]);
    if (page.counts.byStatus.length) tallies.append(group('Trials by status', page.counts.byStatus.map(t => badge(t.name, t.count))));
    if (page.counts.byVerdict.length) tallies.append(group('By verdict', page.counts.byVerdict.map(t => badge(t.name, t.count))));
    if (page.silos.length) tallies.append(group('Silos used', page.silos.map(s => el('span', { class: 'badge', text: s.silo }, [el('b', { text: String(s.trials) })]))));
    const cards = page.arms.length === 0 ? null : el('div', { class: 'cards' }, page.arms.map(a => el('div', { class: 'card', style: '--arm:' + armColor(a.arm) }, [
      el('div', { class: 'arm', text: a.name }),
      a.bestLearningRate === null
        ? el('div', { class: 'none', text: 'no finished trial' })
        : el('div', { class: 'best' }, [el('small', { text: 'best η ' }), document.createTextNode(num(a.bestLearningRate))]),
      a.bestValue === null ? null : el('div', { class: 'metric', text: page.metric + ' ' + num(a.bestValue, 5)
        + (a.bestAccuracy !== null && page.metric !== 'validationAccuracy' ? ' · accuracy ' + num(a.bestAccuracy, 4) : '') + (a.bestVerdict ? ' · ' + a.bestVerdict : '') }),
      el('div', { class: 'spec', text: a.trials + ' trial' + (a.trials === 1 ? '' : 's') + ' · ' + a.optimizer }),
      el('div', { class: 'spec', text: 'schedule ' + a.schedule + ' · ' + a.training }),
    ])));
    box.append(el('div', { class: cards ? 'summary-grid' : null }, [el('div', {}, [facts, tallies]), cards]));
    root.append(box);
  }

  // ---- charts ---------------------------------------------------------------------------------------------------

  function datasetOf(chart, s, suggestionIndex, boundIndex) {
    const color = s.colorValue !== null && s.colorValue !== undefined && chart.colors ? rateColor(s.colorValue, chart.colors) : armColor(s.arm);
    const base = { label: s.name, data: s.points, role: s.role, arm: s.arm, pointHoverRadius: 5, borderWidth: 1.5 };
    switch (s.role) {
      case 'trials':
        return Object.assign(base, { showLine: true, borderColor: color, backgroundColor: color, pointRadius: 3.5, pointStyle: 'circle' });
      case 'points':
        return Object.assign(base, { showLine: false, borderColor: color, backgroundColor: color, pointRadius: 4, pointStyle: 'circle' });
      case 'group-mean':
        return Object.assign(base, { showLine: false, borderColor: '#1c2430', backgroundColor: '#1c2430', pointRadius: 5, pointStyle: 'rectRot' });
      case 'group-range':
        return Object.assign(base, { showLine: true, borderColor: 'rgba(28,36,48,0.55)', backgroundColor: 'rgba(28,36,48,0.55)', borderWidth: 2, pointRadius: 0, pointHitRadius: 4, pointStyle: 'line' });
      case 'stopped':
        return Object.assign(base, { showLine: false, borderColor: color, backgroundColor: 'rgba(255,255,255,0.85)', pointRadius: 6, pointStyle: 'triangle' });
      case 'diverged':
        return Object.assign(base, { showLine: false, borderColor: color, backgroundColor: color, borderWidth: 2.5, pointRadius: 7, pointStyle: 'crossRot' });
      case 'best':
        return Object.assign(base, { showLine: false, borderColor: '#c8102e', backgroundColor: '#c8102e', borderWidth: 2.5, pointRadius: 12, pointHoverRadius: 14, pointStyle: 'star' });
      case 'bound': {
        const c = BOUND_COLORS[boundIndex % BOUND_COLORS.length];
        return Object.assign(base, { showLine: true, borderColor: c, backgroundColor: c, borderDash: [6, 4], pointRadius: 0, pointHitRadius: 0, pointStyle: 'line' });
      }
      case 'train':
        return Object.assign(base, { showLine: true, borderColor: chart.colors ? color : '#4e79a7', backgroundColor: chart.colors ? color : '#4e79a7', borderWidth: 1.2, pointRadius: 0, pointHoverRadius: 3 });
      case 'validation': {
        const c = chart.colors ? color : '#f28e2b';
        return Object.assign(base, { showLine: true, borderColor: c, backgroundColor: c, borderDash: [5, 3], pointRadius: 2.5 });
      }
      case 'raw':
        return Object.assign(base, { showLine: true, borderColor: 'rgba(78,121,167,0.45)', backgroundColor: 'rgba(78,121,167,0.45)', borderWidth: 1, pointRadius: 0 });
      case 'smoothed':
        return Object.assign(base, { showLine: true, borderColor: '#1f3b57', backgroundColor: '#1f3b57', borderWidth: 2.5, pointRadius: 0 });
      case 'suggestion': {
        const [c, shape] = SUGGESTION_STYLES[suggestionIndex % SUGGESTION_STYLES.length];
        return Object.assign(base, { showLine: false, borderColor: '#fff', backgroundColor: c, borderWidth: 1.5, pointRadius: 8, pointHoverRadius: 10, pointStyle: shape });
      }
      default: // 'rate'
        return Object.assign(base, { showLine: true, borderColor: color, backgroundColor: color, borderWidth: 2, pointRadius: 0 });
    }
  }

  function axisOf(axis) {
    if (axis.categories) {
      const names = axis.categories;
      return {
        type: 'linear', min: -0.5, max: names.length - 0.5,
        title: { display: true, text: axis.label, color: '#1c2430', font: { weight: '600' } },
        grid: { color: '#eceff3' },
        afterBuildTicks: scale => { scale.ticks = names.map((n, i) => ({ value: i })); },
        ticks: { callback: value => names[value] === undefined ? '' : names[value], maxRotation: 0, autoSkip: false },
      };
    }
    return {
      type: axis.log ? 'logarithmic' : 'linear',
      max: axis.max === null || axis.max === undefined ? undefined : axis.max,
      title: { display: true, text: axis.label, color: '#1c2430', font: { weight: '600' } },
      grid: { color: '#eceff3' },
      ticks: { callback: function (value) { return tickLabel(this, Number(value)); }, maxRotation: 0, autoSkipPadding: 12 },
    };
  }

  /** A log axis labels its decades only (and 2 and 5 between them over a short span), as matplotlib does. */
  function tickLabel(scale, value) {
    if (scale.type !== 'logarithmic' || !(value > 0)) return num(value, 3);
    const decade = Math.pow(10, Math.floor(Math.log10(value) + 1e-9));
    const mantissa = Math.round(value / decade * 1000) / 1000;
    const span = Math.log10(scale.max / scale.min);
    const kept = span > 2.5 ? [1] : span > 1 ? [1, 2, 5] : [1, 2, 3, 4, 5, 6, 7, 8, 9];
    return kept.includes(mantissa) ? num(value, 3) : '';
  }

  function tooltipLabel(chart, owners, ctx) {
    const s = chart.series[owners[ctx.datasetIndex][ctx.dataIndex]];
    const p = ctx.raw;
    if (p.length > 2 && page.trials[p[2]]) {
      const t = page.trials[p[2]];
      if (chart.x.label !== 'η (learning rate)') {
        const x = chart.x.categories ? chart.x.categories[p[0]] : num(p[0]);
        return t.trialId + ' · ' + t.status + ': ' + chart.x.label + ' ' + x + ', η ' + num(t.learningRate) + ', ' + chart.y.label + ' ' + num(p[1], 5);
      }
      return t.trialId + ' · ' + t.status + (t.verdict ? ' (' + t.verdict + ')' : '') + ': η ' + num(p[0]) + ', ' + chart.y.label + ' ' + num(p[1], 5);
    }
    return s.name + ': ' + chart.x.label + ' ' + num(p[0]) + ', ' + chart.y.label + ' ' + num(p[1], 5);
  }

  const BANDS = 24;
  const SHOWN = 200;

  /**
   * Curves coloured by η go into one dataset per role, arm and colour band, each curve ended by a gap (a point with no
   * y): Chart.js spends about as much on one dataset as on a thousand points, so a thousand trials drawn one dataset
   * each would take seconds. Returns the datasets and, for each, which series owns each of its points (-1: a gap).
   */
  function bundle(chart) {
    const lo = Math.log(chart.colors.min);
    const width = (Math.log(chart.colors.max) - lo) / BANDS || 1;
    const groups = new Map();
    chart.series.forEach((s, i) => {
      const band = Math.min(Math.max(Math.floor((Math.log(s.colorValue) - lo) / width), 0), BANDS - 1);
      const key = s.role + '|' + s.arm + '|' + band;
      if (!groups.has(key)) {
        const centre = Math.exp(lo + (band + 0.5) * width);
        const label = 'η ' + num(Math.exp(lo + band * width), 3) + '–' + num(Math.exp(lo + (band + 1) * width), 3)
          + (page.arms.length > 1 ? ' · ' + page.arms[s.arm].name : '') + (s.role === 'validation' ? ' · validation' : '');
        groups.set(key, { dataset: datasetOf(chart, Object.assign({}, s, { name: label, colorValue: centre, points: [] }), 0, 0), owners: [] });
      }
      const group = groups.get(key);
      const data = group.dataset.data;
      if (data.length > 0) {
        data.push([data[data.length - 1][0], null]);
        group.owners.push(-1);
      }
      for (const point of s.points) {
        data.push(point);
        group.owners.push(i);
      }
    });
    return [...groups.values()];
  }

  /**
   * Each curve (a run of points with one owner) as a debiased exponential moving average, fastai's smoothing of batch
   * losses; its weight follows the curve's length, about a twentieth of it, so a thinned curve is not smoothed flat.
   */
  function smoothed(data, owners) {
    const out = new Array(data.length);
    let start = 0;
    while (start < data.length) {
      let end = start;
      while (end < data.length && owners[end] === owners[start]) end++;
      const beta = 1 - 1 / Math.max(1, (end - start) / 20);
      let average = 0;
      for (let i = start; i < end; i++) {
        const y = data[i][1];
        if (y === null) { out[i] = data[i]; continue; }
        average = beta * average + (1 - beta) * y;
        out[i] = [data[i][0], average / (1 - Math.pow(beta, i - start + 1))];
      }
      start = end;
    }
    return out;
  }

  /** The chart's panel, laid out before any chart is drawn: a chart drawn first would be drawn again when the page grew. */
  function chartPanel(chart, host) {
    const box = panel('chart-' + chart.id, chart.title, chart.caption);
    sections.push(['chart-' + chart.id, chart.title]);
    box.append(el('div', { class: 'controls' }), el('div', { class: 'chart-box' }, [el('canvas', { id: chart.id, role: 'img', 'aria-label': chart.title })]));
    host.append(box);
    return box;
  }

  function drawChart(chart, box) {
    const controls = box.querySelector('.controls');

    let suggestions = 0;
    let bounds = 0;
    const groups = chart.colors
      ? bundle(chart)
      : chart.series.map((s, i) => ({
        dataset: datasetOf(chart, s, s.role === 'suggestion' ? suggestions++ : 0, s.role === 'bound' ? bounds++ : 0),
        owners: s.points.map(() => i),
      }));
    const owners = groups.map(g => g.owners);
    const instance = new Chart(box.querySelector('canvas'), {
      type: 'scatter',
      data: { datasets: groups.map(g => g.dataset) },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        interaction: { mode: 'nearest', intersect: false },
        scales: { x: axisOf(chart.x), y: axisOf(chart.y) },
        plugins: {
          legend: {
            // A colour bar says what the colours of bundled curves mean; a legend of their bands would say it worse.
            display: !chart.colors && chart.series.length <= 24,
            position: 'bottom',
            labels: {
              usePointStyle: true, boxWidth: 8, boxHeight: 8, padding: 14,
              // One entry stands for every error bar.
              filter: (item, data) => data.datasets[item.datasetIndex].role !== 'group-range'
                || data.datasets.findIndex(d => d.role === 'group-range') === item.datasetIndex,
            },
          },
          tooltip: { callbacks: { label: ctx => tooltipLabel(chart, owners, ctx) } },
        },
      },
    });
    instance.$owners = owners;
    if (chart.pointColors) {
      // Each trial's point in the colour of its η (the page's trial table holds it).
      const colorOf = p => rateColor(page.trials[p[2]].learningRate, chart.pointColors);
      for (const d of instance.data.datasets) {
        if (!['points', 'stopped', 'diverged'].includes(d.role)) continue;
        d.pointBorderColor = d.data.map(colorOf);
        if (d.role !== 'stopped') d.pointBackgroundColor = d.pointBorderColor;
      }
      instance.update();
    }

    if (chart.y.logToggle) {
      const logBox = el('input', { type: 'checkbox', checked: chart.y.log });
      logBox.addEventListener('change', () => {
        instance.options.scales.y.type = logBox.checked ? 'logarithmic' : 'linear';
        instance.update();
      });
      controls.append(el('label', {}, [logBox, document.createTextNode('log ' + chart.y.label.split(' (')[0] + ' axis')]));
    }
    if (chart.smoothing !== null && chart.smoothing !== undefined) {
      const smooth = el('input', { type: 'checkbox', checked: chart.smoothing });
      const apply = () => {
        instance.data.datasets.forEach((d, k) => {
          if (d.role !== 'train') return;
          d.$raw = d.$raw || d.data;
          d.data = smooth.checked ? (d.$smooth = d.$smooth || smoothed(d.$raw, owners[k])) : d.$raw;
        });
        instance.update();
      };
      smooth.addEventListener('change', apply);
      if (chart.smoothing) apply();
      controls.append(el('label', {}, [smooth, document.createTextNode('smooth')]));
    }
    if (chart.colors && chart.series.some(s => s.role === 'validation')) {
      controls.append(toggle('validation loss', null, d => d.role === 'validation', instance));
    }
    if (chart.armToggles) {
      controls.append(el('span', { class: 'sep' }));
      const arms = [...new Set(chart.series.map(s => s.arm))].sort((a, b) => a - b);
      for (const arm of arms) {
        const name = (page.arms[arm] && page.arms[arm].name) || ('arm ' + arm);
        controls.append(toggle(name, armColor(arm), d => d.arm === arm, instance));
      }
    }
    if (!controls.childElementCount) controls.remove();
    const scale = chart.colors || chart.pointColors;
    if (scale && scale.max > scale.min) box.append(colorBar(scale));
    return instance;
  }

  /** A checkbox that shows or hides the datasets it picks; a dataset is shown when every switch that picks it is on. */
  function toggle(label, color, picks, instance) {
    const input = el('input', { type: 'checkbox', checked: true });
    instance.$switches = instance.$switches || [];
    instance.$switches.push({ input, picks });
    input.addEventListener('change', () => {
      instance.data.datasets.forEach((d, i) => instance.setDatasetVisibility(i, instance.$switches.every(w => w.input.checked || !w.picks(d))));
      instance.update();
    });
    return el('label', {}, [input, color ? el('span', { class: 'swatch', style: 'background:' + color }) : null, document.createTextNode(label)]);
  }

  function colorBar(scale) {
    const stops = [];
    for (let i = 0; i <= 20; i++) stops.push(rateColor(Math.exp(Math.log(scale.min) + (Math.log(scale.max) - Math.log(scale.min)) * i / 20), scale));
    const ticks = el('div', { class: 'ticks' });
    const lo = Math.log10(scale.min);
    const hi = Math.log10(scale.max);
    const marks = [];
    for (let d = Math.ceil(lo - 1e-9); d <= Math.floor(hi + 1e-9); d++) marks.push(Math.pow(10, d));
    if (marks.length < 2) marks.splice(0, marks.length, scale.min, scale.max);
    for (const m of marks) ticks.append(el('span', { style: 'left:' + (100 * (Math.log10(m) - lo) / (hi - lo)) + '%', text: num(m, 3) }));
    return el('div', { class: 'colorbar' }, [
      el('span', { text: scale.label + ' (log scale)' }),
      el('div', { class: 'scale' }, [el('div', { class: 'bar', style: 'background:linear-gradient(90deg,' + stops.join(',') + ')' }), ticks]),
    ]);
  }

  // ---- tables ---------------------------------------------------------------------------------------------------

  function stageTable() {
    if (!page.stages.length) return;
    const box = panel('stages', 'Stages', 'What each stage of each arm\'s search covered: the coarse grid, then each refinement around the best rate so far (rates an earlier stage ran are not run again), or the range test.');
    sections.push(['stages', 'Stages']);
    const rows = page.stages.map(s => {
      const rates = s.learningRates;
      const covered = rates.length === 0 ? '—' : rates.length <= 8 ? rates.map(r => num(r)).join(', ') : rates.length + ' rates, ' + num(rates[0]) + ' … ' + num(rates[rates.length - 1]);
      return el('tr', {}, [
        el('td', { text: s.armName }), el('td', { class: 'num', text: String(s.index) }), el('td', {}, [badge(s.kind)]),
        el('td', { text: covered }), el('td', { class: 'num', text: String(s.newTrials) }), el('td', { class: 'num', text: num(s.bestLearningRate) }),
      ]);
    });
    const head = el('tr', {}, ['arm', 'stage', 'kind', 'learning rates', 'new trials', 'best η'].map((h, i) => el('th', { class: i === 1 || i >= 4 ? 'num' : null, text: h })));
    box.append(el('div', { class: 'table-wrap' }, [el('table', {}, [el('thead', {}, [head]), el('tbody', {}, rows)])]));
    root.append(box);
  }

  function paramText(v) { return v === null || v === undefined ? '—' : typeof v === 'number' ? num(v, 4) : String(v); }

  /** The parameters ranked by the share of the metric's variance each explains alone, with a bar for the share. */
  function importanceTable() {
    if (!page.importance.length) return;
    const box = panel('importance', 'Parameter importance', 'How much of the spread of ' + page.metric + ' each parameter explains on its own: '
      + 'the variance of the metric\'s ranks between bins of the parameter\'s values (one per category), beyond what chance gives, '
      + 'as a share of all parameters\' (they sum to 100 %). Diverged trials rank last; failed, unfinished and stopped ones are left out. '
      + 'It measures main effects: parameters that matter only together can score low.');
    sections.push(['importance', 'Importance']);
    const rows = page.importance.map(r => el('tr', {}, [
      el('td', { class: 'mono', text: r.parameter }),
      el('td', { class: 'bar-cell' }, [el('span', { class: 'share', style: 'width:' + (100 * r.importance).toFixed(1) + '%' })]),
      el('td', { class: 'num', text: (100 * r.importance).toFixed(1) + ' %' }),
      el('td', { class: 'num', text: (100 * r.explained).toFixed(1) + ' %' }),
      el('td', { class: 'num', text: String(r.bins) }),
    ]));
    const head = el('tr', {}, ['parameter', '', 'importance', 'variance explained', 'bins'].map((h, i) => el('th', { class: i >= 2 ? 'num' : null, text: h })));
    box.append(el('div', { class: 'table-wrap' }, [el('table', { class: 'importance' }, [el('thead', {}, [head]), el('tbody', {}, rows)])]));
    root.append(box);
  }

  /** A search with repeats: each configuration's mean, spread and seeds, best mean first. */
  function groupTable() {
    if (!page.groups.length) return;
    const box = panel('groups', 'Configurations', 'Each configuration was trained once per seed and is ranked by the mean of ' + page.metric
      + '; std is over its seeds (n − 1). ★ marks the configuration of the best trial.');
    sections.push(['groups', 'Configurations']);
    const names = [...new Set(page.groups.flatMap(g => Object.keys(g.parameters)))];
    const rows = page.groups.map(g => el('tr', { class: g.isBest ? 'best' : null }, [
      ...names.map(n => el('td', { class: 'num', text: paramText(g.parameters[n]) })),
      el('td', { class: 'num', text: num(g.mean, 5) }), el('td', { class: 'num', text: num(g.std, 3) }), el('td', { class: 'num', text: String(g.n) }),
      el('td', { class: 'mono', text: g.trialIds.join(', ') }),
    ]));
    const head = el('tr', {}, [...names, 'mean', 'std', 'n', 'trials'].map((h, i) => el('th', { class: i < names.length + 3 ? 'num' : null, text: h })));
    box.append(el('div', { class: 'table-wrap' }, [el('table', {}, [el('thead', {}, [head]), el('tbody', {}, rows)])]));
    root.append(box);
  }

  function trialTable() {
    if (!page.trials.length) return;
    const box = panel('trials', page.kind === 'trial' ? 'Trial' : 'Trials',
      page.kind === 'trial' ? null : 'Every trial with its figures. Click a column to sort by it; ★ marks the best trial of each arm.');
    sections.push(['trials', page.kind === 'trial' ? 'Trial' : 'Trials']);
    const multiArm = new Set(page.trials.map(t => t.arm)).size > 1;
    const logged = new Set((page.logs || []).map(l => l.trialId));
    const columns = [
      ['trialId', 'trial', 'text mono'], multiArm ? ['armName', 'arm', 'text'] : null, ['stage', 'stage', 'num'], ['learningRate', 'η', 'num'],
      ...(page.parameterNames || []).map(n => ['param:' + n, n, 'param']),
      ['status', 'status', 'badge'], ['verdict', 'verdict', 'badge'], ['epochsCompleted', 'epochs', 'num'], ['steps', 'steps', 'num'],
      ['trainLoss', 'train loss', 'num'], ['validationLoss', 'val. loss', 'num'], ['validationAccuracy', 'val. accuracy', 'num'],
      ['initialLoss', 'initial loss', 'num'], ['wallSeconds', 'wall s', 'num'], ['silo', 'silo', 'text mono'], ['attempts', 'attempts', 'num'],
      ['error', 'error', 'error'],
    ].filter(c => c && (c[0] !== 'error' || page.trials.some(t => t.error)));
    const valueOf = (t, key) => key.startsWith('param:') ? (t.parameters ? t.parameters[key.slice(6)] : null) : t[key];
    const cell = (t, [key, , kind]) => {
      const v = valueOf(t, key);
      if (kind === 'param') return el('td', { class: 'num', text: paramText(v) });
      if (kind === 'badge') return el('td', {}, [v ? badge(v) : document.createTextNode('—')]);
      if (kind === 'num') return el('td', { class: 'num', text: key === 'wallSeconds' ? num(v, 3) : num(v, 5) });
      // A command trial's id opens its program output further down.
      if (key === 'trialId' && logged.has(v)) {
        const link = el('a', { href: '#log-' + v, text: String(v) });
        link.addEventListener('click', () => { document.getElementById('log-' + v).open = true; });
        return el('td', { class: 'mono' }, [link]);
      }
      return el('td', { class: kind === 'error' ? 'error' : kind.includes('mono') ? 'mono' : null, text: v === null || v === undefined ? '—' : String(v) });
    };
    // Rows are made when first shown, and at most SHOWN at a time until asked for all: laying out a table of a
    // thousand trials takes the browser longer than drawing every chart of the page.
    const made = new Map();
    const rowOf = i => {
      if (!made.has(i)) made.set(i, el('tr', { class: page.trials[i].isBest ? 'best' : null }, columns.map(c => cell(page.trials[i], c))));
      return made.get(i);
    };
    const texts = page.trials.map(t => columns.map(c => valueOf(t, c[0])).join(' ').toLowerCase());
    const order = page.trials.map((t, i) => i);
    const tbody = el('tbody');
    const heads = columns.map(c => el('th', { class: 'sortable' + (c[2] === 'num' || c[2] === 'param' ? ' num' : ''), text: c[1], scope: 'col' }));
    const filter = el('input', { type: 'search', placeholder: 'filter trials (id, arm, status, verdict …)', 'aria-label': 'filter trials' });
    const count = el('span', { class: 'count' });
    const more = el('button', { type: 'button', class: 'more' });
    let limit = SHOWN;
    const render = () => {
      const q = filter.value.trim().toLowerCase();
      const matching = q ? order.filter(i => texts[i].includes(q)) : order;
      const shown = matching.slice(0, limit);
      tbody.replaceChildren(...shown.map(rowOf));
      const of = matching.length === page.trials.length ? '' : ' matching, of ' + page.trials.length;
      count.textContent = (shown.length < matching.length ? 'showing ' + shown.length + ' of ' : '') + matching.length + ' trial' + (matching.length === 1 ? '' : 's') + of;
      more.hidden = shown.length === matching.length;
      more.textContent = 'show all ' + matching.length + ' trials';
    };
    more.addEventListener('click', () => { limit = Infinity; render(); });
    filter.addEventListener('input', render);
    let sortKey = null;
    let ascending = true;
    const sortBy = (key, up) => {
      sortKey = key;
      ascending = up;
      const sign = up ? 1 : -1;
      order.sort((a, b) => {
        const x = valueOf(page.trials[a], key);
        const y = valueOf(page.trials[b], key);
        if (x === null || x === undefined) return (y === null || y === undefined) ? 0 : 1;
        if (y === null || y === undefined) return -1;
        return sign * (typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y), undefined, { numeric: true }));
      });
      heads.forEach((h, i) => h.setAttribute('aria-sort', columns[i][0] === key ? (up ? 'ascending' : 'descending') : 'none'));
      render();
    };
    heads.forEach((h, i) => h.addEventListener('click', () => sortBy(columns[i][0], sortKey === columns[i][0] ? !ascending : true)));
    const metricKey = { validationLoss: 'validationLoss', trainLoss: 'trainLoss', validationAccuracy: 'validationAccuracy' }[page.metric];
    if (page.kind === 'sweep' && metricKey) sortBy(metricKey, !page.maximize);
    else render();

    if (page.kind === 'sweep') box.append(el('div', { class: 'table-tools' }, [filter, el('span', {}, [count, more])]));
    box.append(el('div', { class: 'table-wrap' }, [el('table', {}, [el('thead', {}, [el('tr', {}, heads)]), tbody])]));
    root.append(box);
  }

  function notes() {
    if (!page.notes.length) return;
    const box = panel('notes', 'Notes');
    sections.push(['notes', 'Notes']);
    box.append(el('ul', { class: 'notes' }, page.notes.map(n => el('li', { text: n }))));
    root.append(box);
  }

  function programLogs() {
    if (!page.logs || !page.logs.length) return;
    const box = panel('program-output', 'Program output', 'The last lines each trial\'s program printed (`sweep logs ID TRIAL` prints up to 1 MB).');
    sections.push(['program-output', 'Program output']);
    for (const log of page.logs) {
      const parts = [el('summary', { text: log.trialId })];
      if (log.stdout) parts.push(el('h3', { text: 'stdout' }), el('pre', { class: 'log', text: log.stdout }));
      if (log.stderr) parts.push(el('h3', { text: 'stderr' }), el('pre', { class: 'log', text: log.stderr }));
      box.append(el('details', { class: 'log', id: 'log-' + log.trialId }, parts));
    }
    root.append(box);
  }

  // ---- the page -------------------------------------------------------------------------------------------------

  const nav = header();
  warnings();
  summary();
  // The LR finder and η-over-time charts are smaller: they sit side by side on a wide screen.
  const wide = page.charts.filter(c => c.id === 'metric-vs-rate' || c.id === 'loss-curves');
  const small = page.charts.filter(c => !wide.includes(c));
  const panels = wide.map(c => [c, chartPanel(c, root)]);
  if (small.length) {
    const grid = el('div', { class: 'grid-2' });
    root.append(grid);
    for (const c of small) panels.push([c, chartPanel(c, grid)]);
  }
  importanceTable();
  groupTable();
  stageTable();
  trialTable();
  programLogs();
  notes();
  for (const [id, title] of sections) nav.append(el('a', { href: '#' + id, text: title }));
  root.append(el('footer', { text: 'Made by sweep report (SweepCluster) · charts by Chart.js ' + Chart.version + ' (MIT), inlined: this page works offline and fetches nothing.' }));
  const drawn = panels.map(([c, box]) => [c, drawChart(c, box)]);

  window.sweepReport = {
    ready: true,
    kind: page.kind,
    warnings: Array.from(document.querySelectorAll('#warnings li'), li => li.textContent),
    scriptStartMs: started,
    renderMs: performance.now() - started,
    charts: drawn.map(([c, instance]) => ({
      id: c.id,
      title: c.title,
      xLog: instance.options.scales.x.type === 'logarithmic',
      yLog: instance.options.scales.y.type === 'logarithmic',
      datasets: instance.data.datasets.length,
      // Each series of the page's data, with the points of it that the chart holds, counted from the chart's datasets.
      series: (() => {
        const counts = c.series.map(() => 0);
        instance.data.datasets.forEach((d, k) => d.data.forEach((p, j) => {
          const owner = instance.$owners[k][j];
          if (owner >= 0 && p[1] !== null) counts[owner]++;
        }));
        return c.series.map((s, i) => ({ name: s.name, role: s.role, arm: s.arm, points: counts[i] }));
      })(),
      drawnPoints: instance.getSortedVisibleDatasetMetas().reduce((n, m) => n + m.data.filter(e => !e.skip).length, 0),
    })),
    tables: { stages: page.stages.length, trials: page.trials.length, trialRowsShown: document.querySelectorAll('#trials tbody tr').length },
    parameters: {
      importance: Array.from(document.querySelectorAll('#importance tbody tr'), tr => ({
        parameter: tr.cells[0].textContent, share: tr.cells[2].textContent, barWidth: tr.querySelector('.share').getBoundingClientRect().width })),
      groupRows: document.querySelectorAll('#groups tbody tr').length,
      trialColumns: Array.from(document.querySelectorAll('#trials thead th'), th => th.textContent),
    },
  };
})();
