// Ferrite dashboard: follows /events (Server-Sent Events, one JSON sample a second) and draws each engine.
// Every string from the server goes into the page through textContent, never as HTML.
'use strict';

const COLORS = ['#58a6ff', '#3fb950', '#d29922', '#f85149', '#bc8cff', '#39c5cf', '#ff9bce', '#a5d6ff'];
const cards = new Map();

function el(tag, className, text) {
    const e = document.createElement(tag);
    if (className) {
        e.className = className;
    }
    if (text !== undefined && text !== null) {
        e.textContent = String(text);
    }
    return e;
}

function fmtInt(n) {
    return Number(n || 0).toLocaleString('en-US');
}

function fmtRate(r) {
    const v = Number(r || 0);
    if (v >= 1e6) {
        return (v / 1e6).toFixed(2) + ' M/s';
    }
    if (v >= 1e3) {
        return (v / 1e3).toFixed(1) + ' k/s';
    }
    return v.toFixed(0) + ' /s';
}

function fmtBytes(b) {
    const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
    let v = Number(b || 0);
    let i = 0;
    while (v >= 1024 && i < units.length - 1) {
        v /= 1024;
        i++;
    }
    return v.toFixed(i === 0 ? 0 : 1) + ' ' + units[i];
}

function fmtMicros(nanos) {
    const us = Number(nanos || 0) / 1000;
    return us >= 1000 ? (us / 1000).toFixed(2) + ' ms' : us.toFixed(1) + ' µs';
}

function lastOf(series) {
    return series && series.length ? series[series.length - 1] : 0;
}

function tile(parent, key, label) {
    const t = el('div', 'tile');
    t.appendChild(el('div', 'label', label));
    const value = el('div', 'value', '–');
    value.dataset.counter = key;
    t.appendChild(value);
    const sub = el('div', 'sub', '');
    t.appendChild(sub);
    parent.appendChild(t);
    return {tile: t, value: value, sub: sub};
}

function chart(parent, title) {
    const box = el('div', 'chart');
    box.appendChild(el('h3', null, title));
    const canvas = el('canvas');
    canvas.dataset.points = '0';
    box.appendChild(canvas);
    const legend = el('div', 'legend');
    box.appendChild(legend);
    parent.appendChild(box);
    return {canvas: canvas, legend: legend};
}

function panel(parent, title) {
    const p = el('div', 'panel');
    p.appendChild(el('h3', null, title));
    const body = el('div');
    p.appendChild(body);
    parent.appendChild(p);
    return body;
}

function createCard(name) {
    const card = el('section', 'engine');
    card.dataset.engine = name;
    const h2 = el('h2');
    h2.appendChild(el('span', null, name));
    const status = el('span', 'badge', '');
    status.dataset.field = 'status';
    h2.appendChild(status);
    const where = el('span', 'muted', '');
    h2.appendChild(where);
    card.appendChild(h2);
    const problem = el('div', 'problem', '');
    card.appendChild(problem);
    const tiles = el('div', 'tiles');
    card.appendChild(tiles);
    const t = {
        published: tile(tiles, 'published', 'published'),
        journaled: tile(tiles, 'journaled', 'journaled'),
        errors: tile(tiles, 'errors', 'errors'),
        ring: tile(tiles, 'ringFill', 'ring fill'),
        journal: tile(tiles, 'journalBytes', 'journal'),
        snapshots: tile(tiles, 'snapshots', 'snapshots'),
        latency: tile(tiles, 'p99', 'latency p99 (last s)')
    };
    const bar = el('div', 'bar');
    const fill = el('div');
    bar.appendChild(fill);
    t.ring.tile.appendChild(bar);
    const charts = el('div', 'charts');
    card.appendChild(charts);
    const rates = chart(charts, 'rates (events/s, last 5 min)');
    rates.canvas.dataset.chart = 'rates';
    const latency = chart(charts, 'latency per interval (log scale)');
    latency.canvas.dataset.chart = 'latency';
    const panels = el('div', 'panels');
    card.appendChild(panels);
    const stages = panel(panels, 'stages');
    const domain = panel(panels, 'domain');
    const recovery = panel(panels, 'last start');
    document.getElementById('engines').appendChild(card);
    return {card, status, where, problem, t, fill, rates, latency, stages, domain, recovery};
}

function table(headers, rows) {
    const tbl = el('table');
    const head = el('tr');
    headers.forEach(h => head.appendChild(el('th', null, h)));
    tbl.appendChild(head);
    rows.forEach(r => {
        const tr = el('tr');
        r.forEach(c => tr.appendChild(el('td', null, c)));
        tbl.appendChild(tr);
    });
    return tbl;
}

function replace(parent, child) {
    while (parent.firstChild) {
        parent.removeChild(parent.firstChild);
    }
    if (child) {
        parent.appendChild(child);
    }
}

// Draws series (arrays of numbers, same length) on a canvas; returns how many points were drawn.
function drawLines(chartParts, names, seriesList, logScale, formatY, spanSeconds) {
    const canvas = chartParts.canvas;
    const ratio = window.devicePixelRatio || 1;
    const width = Math.max(200, canvas.clientWidth) * ratio;
    const height = Math.max(100, canvas.clientHeight) * ratio;
    canvas.width = width;
    canvas.height = height;
    const g = canvas.getContext('2d');
    g.clearRect(0, 0, width, height);
    const pad = {left: 64 * ratio, right: 8 * ratio, top: 8 * ratio, bottom: 16 * ratio};
    const tr = v => logScale ? Math.log10(Math.max(1, v)) : v;
    let max = 0;
    let min = logScale ? Infinity : 0;
    let length = 0;
    seriesList.forEach(s => {
        length = Math.max(length, s.length);
        s.forEach(v => {
            max = Math.max(max, tr(v));
            min = Math.min(min, tr(v));
        });
    });
    if (!isFinite(min)) {
        min = 0;
    }
    if (max <= min) {
        max = min + 1;
    }
    g.strokeStyle = '#2a3440';
    g.fillStyle = '#8a96a3';
    g.font = (11 * ratio) + 'px sans-serif';
    g.lineWidth = 1;
    if (length === 0) {
        g.fillText('no data yet', width / 2 - 30 * ratio, height / 2);
        canvas.dataset.points = '0';
        replace(chartParts.legend, null);
        return 0;
    }
    for (let i = 0; i <= 4; i++) {
        const y = pad.top + (height - pad.top - pad.bottom) * i / 4;
        g.beginPath();
        g.moveTo(pad.left, y);
        g.lineTo(width - pad.right, y);
        g.stroke();
        const value = max - (max - min) * i / 4;
        g.fillText(formatY(logScale ? Math.pow(10, value) : value), 4 * ratio, y + 4 * ratio);
    }
    if (spanSeconds > 0) {
        g.fillText('-' + Math.round(spanSeconds) + ' s', pad.left, height - 3 * ratio);
        g.fillText('now', width - pad.right - 24 * ratio, height - 3 * ratio);
    }
    let points = 0;
    const plotW = width - pad.left - pad.right;
    const plotH = height - pad.top - pad.bottom;
    seriesList.forEach((s, k) => {
        if (s.length === 0) {
            return;
        }
        g.strokeStyle = COLORS[k % COLORS.length];
        g.lineWidth = 1.5 * ratio;
        g.beginPath();
        s.forEach((v, i) => {
            const x = pad.left + (length <= 1 ? plotW : plotW * (i + length - s.length) / (length - 1));
            const y = pad.top + plotH * (1 - (tr(v) - min) / (max - min));
            if (i === 0) {
                g.moveTo(x, y);
            } else {
                g.lineTo(x, y);
            }
            points++;
        });
        g.stroke();
    });
    canvas.dataset.points = String(points);
    const legend = chartParts.legend;
    replace(legend, null);
    names.forEach((n, k) => {
        const item = el('span', null, n);
        item.style.setProperty('--swatch', COLORS[k % COLORS.length]);
        legend.appendChild(item);
    });
    return points;
}

function render(sample) {
    document.getElementById('updated').textContent = 'updated ' + new Date(sample.sampleEpochMillis).toLocaleTimeString();
    sample.engines.forEach(e => {
        let c = cards.get(e.name);
        if (!c) {
            c = createCard(e.name);
            cards.set(e.name, c);
        }
        update(c, e);
    });
}

function setValue(tileParts, raw, text, sub) {
    tileParts.value.textContent = text;
    tileParts.value.dataset.value = String(raw);
    tileParts.sub.textContent = sub || '';
}

function update(c, e) {
    c.status.textContent = e.status;
    c.status.className = 'badge ' + (e.status === 'running' ? 'badge-running' :
        e.status === 'stopped' ? 'badge-stopped' : 'badge-bad');
    c.where.textContent = e.directory + (e.pid ? ' · pid ' + e.pid : '');
    const problems = [e.problem, e.latency && e.latency.problem, e.recoveryProblem].filter(p => p);
    c.problem.textContent = problems.join('\n');
    const series = (e.rates && e.rates.series) || {};
    setValue(c.t.published, e.published, fmtInt(e.published), fmtRate(lastOf(series['published'])));
    setValue(c.t.journaled, e.journaled, fmtInt(e.journaled), fmtRate(lastOf(series['journaled'])));
    setValue(c.t.errors, e.errors, fmtInt(e.errors), '');
    c.t.errors.tile.classList.toggle('problem', e.errors > 0);
    const fillPct = (100 * (e.ringFill || 0));
    setValue(c.t.ring, e.ringFill, fillPct.toFixed(1) + ' %', 'of ' + fmtInt(e.ringCapacity) + ' slots');
    c.fill.style.width = fillPct.toFixed(1) + '%';
    setValue(c.t.journal, e.journal.bytes, fmtBytes(e.journal.bytes), fmtInt(e.journal.segments) + ' segment(s)');
    const s = e.snapshots;
    setValue(c.t.snapshots, s.written, fmtInt(s.written) + ' written', s.lastSequence ?
        'last at ' + fmtInt(s.lastSequence) + ' in ' + (s.lastWriteMicros / 1000).toFixed(1) + ' ms' :
        fmtInt(s.files) + ' file(s) on disk');
    // An interval with no sampled event has no percentiles: leave it out rather than draw a drop to zero.
    const intervals = ((e.latency && e.latency.intervals) || []).filter(i => i.count > 0);
    const last = intervals.length ? intervals[intervals.length - 1] : null;
    setValue(c.t.latency, last ? last.p99Nanos : 0, last ? fmtMicros(last.p99Nanos) : '–',
        last ? 'p50 ' + fmtMicros(last.p50Nanos) + ' · max ' + fmtMicros(last.maxNanos) : 'no intervals yet');

    const rateNames = Object.keys(series).filter(k => !k.startsWith('domain: '));
    const times = (e.rates && e.rates.times) || [];
    const rateSpan = times.length > 1 ? (times[times.length - 1] - times[0]) / 1000 : 0;
    drawLines(c.rates, rateNames, rateNames.map(k => series[k]), false,
        v => fmtRate(v).replace(' /s', '').replace('/s', ''), rateSpan);
    const latNames = ['p50', 'p99', 'p99.9', 'max'];
    const latKeys = ['p50Nanos', 'p99Nanos', 'p999Nanos', 'maxNanos'];
    const latSpan = intervals.length > 1 ?
        (intervals[intervals.length - 1].endEpochMillis - intervals[0].endEpochMillis) / 1000 : 0;
    drawLines(c.latency, latNames, latKeys.map(k => intervals.map(i => i[k])), true, fmtMicros, latSpan);

    const rows = [['journal', '', '', fmtInt(e.lag['journal'])]];
    Object.keys(e.processed || {}).forEach(p => rows.push(['processor ' + p, fmtInt(e.processed[p]),
        fmtRate(lastOf(series['processed: ' + p])), fmtInt(e.lag[p])]));
    Object.keys(e.consumed || {}).forEach(k => rows.push([k, fmtInt(e.consumed[k]),
        fmtRate(lastOf(series['consumed: ' + k])), fmtInt(e.lag[k])]));
    replace(c.stages, table(['stage', 'position / count', 'rate', 'lag'], rows));

    const domain = e.domain || [];
    if (domain.length === 0) {
        replace(c.domain, el('div', 'muted', 'this workload keeps no domain counters'));
    } else {
        const domainRows = domain.filter(d => d.value > 0 || !d.name.includes(': '))
            .sort((a, b) => {
                const ga = a.processor + ' ' + a.name.split(': ')[0];
                const gb = b.processor + ' ' + b.name.split(': ')[0];
                return ga === gb ? b.value - a.value : (ga < gb ? -1 : 1);
            })
            .map(d => [d.processor + ' · ' + d.name, fmtInt(d.value), fmtRate(d.rate)]);
        const tbl = table(['counter', 'total', 'rate'], domainRows);
        tbl.dataset.domain = String(domain.length);
        replace(c.domain, tbl);
    }

    if (e.recovery) {
        const r = e.recovery;
        const box = el('div');
        box.appendChild(el('div', null, 'started ' + new Date(r.startedEpochMillis).toLocaleString()));
        box.appendChild(table(['', ''], [
            ['journal tail', fmtInt(r.journalTail)],
            ['snapshot restored', r.snapshotSequence ? fmtInt(r.snapshotSequence) : 'none'],
            ['events replayed', fmtInt(r.eventsReplayed)],
            ['digests checked', fmtInt(r.digestsChecked)],
            ['recovery took', fmtInt(r.recoveryMillis) + ' ms']]));
        if (r.notes && r.notes.length) {
            const ul = el('ul', 'notes');
            r.notes.forEach(n => ul.appendChild(el('li', null, n)));
            box.appendChild(ul);
        }
        replace(c.recovery, box);
    } else {
        replace(c.recovery, el('div', 'muted', 'no start report'));
    }
}

function connect() {
    const status = document.getElementById('connection');
    const source = new EventSource('/events');
    source.onopen = () => {
        status.textContent = 'live';
        status.className = 'badge badge-running';
    };
    source.onmessage = m => render(JSON.parse(m.data));
    source.onerror = () => {
        status.textContent = 'reconnecting';
        status.className = 'badge badge-stopped';
    };
}

connect();
