// The page's own script: photo fallbacks, the live indicator, the uPlot time series. Loaded in <head> so the
// image error listener is in place before the first <img> is parsed.
;(() => {
  'use strict'
  document.documentElement.classList.add('js')

  // Photos: each remote photo is probed once; where it fails, its layer is dropped from every element
  // showing it (now and in fragments pushed later), so only the avatar is drawn and never re-requested.
  const photos = new Map()
  const settle = (el) => {
    const url = el.dataset.photo
    if (photos.get(url) !== 'failed') return
    el.style.backgroundImage = el.style.backgroundImage.split(/,\s*(?=url\()/).slice(1).join(', ')
    delete el.dataset.photo
  }
  const probe = (el) => {
    const url = el.dataset.photo
    if (photos.has(url)) return settle(el)
    const img = new Image()
    photos.set(url, img) // held until it settles, so the probe is not collected before it reports
    img.referrerPolicy = 'no-referrer'
    img.onload = () => photos.set(url, 'ok')
    img.onerror = () => {
      photos.set(url, 'failed')
      for (const other of document.querySelectorAll('[data-photo]')) settle(other)
    }
    img.src = url
  }
  new MutationObserver((records) => {
    for (const record of records) {
      for (const node of record.addedNodes) {
        if (!(node instanceof Element)) continue
        if (node.matches('[data-photo]')) probe(node)
        for (const el of node.querySelectorAll('[data-photo]')) probe(el)
      }
    }
  }).observe(document.documentElement, { childList: true, subtree: true })

  // Turnout table: each viewer's own view (page, sort, filter), refreshed live by re-fetching it when the
  // server signals new numbers. A viewer's own clicks and typing always win over a live refresh, and
  // only the latest of them is shown, so an older response never undoes a newer choice. Responses
  // are patched in part by part: the filter box is never replaced (no lost keystrokes or focus) and
  // links that did not change stay the same elements.
  let latest = null
  const live = new WeakSet()
  const isTable = (event) => event.detail.target && event.detail.target.id === 'states'
  document.addEventListener('htmx:beforeRequest', (event) => {
    if (!isTable(event)) return
    if (event.detail.elt.id !== 'states-live') latest = event.detail.xhr
    else if (latest) event.preventDefault()
    else live.add(event.detail.xhr)
  })
  document.addEventListener('htmx:afterRequest', (event) => {
    if (event.detail.xhr === latest) latest = null
  })
  document.addEventListener('htmx:beforeSwap', (event) => {
    if (!isTable(event) || !event.detail.xhr || event.detail.xhr.status !== 200) return
    event.detail.shouldSwap = false
    if (live.has(event.detail.xhr)) {
      const input = document.getElementById('states-q')
      const sent = new URL(event.detail.xhr.responseURL, location.href).searchParams.get('q') || ''
      if (latest || sent !== (input ? input.value.trim() : '')) return
    } else if (event.detail.xhr !== latest) {
      return
    }
    patchTable(event.detail.serverResponse)
  })

  function patchTable(html) {
    const next = new DOMParser().parseFromString(html, 'text/html').getElementById('states')
    const current = document.getElementById('states')
    if (!next || !current) return
    for (const selector of ['thead', 'tbody', '.pager-info', '.pager-links', 'select[name=size]']) {
      const from = next.querySelector(selector)
      const to = current.querySelector(selector)
      if (!from || !to || from.innerHTML === to.innerHTML) continue
      to.innerHTML = from.innerHTML
      htmx.process(to)
    }
    // The controls stay; only the query their requests carry moves on (htmx re-reads changed attributes on process).
    for (const selector of ['#states-q', 'select[name=size]']) {
      const from = next.querySelector(selector)
      const to = current.querySelector(selector)
      if (!from || !to || from.getAttribute('hx-get') === to.getAttribute('hx-get')) continue
      to.setAttribute('hx-get', from.getAttribute('hx-get'))
      htmx.process(to)
    }
    for (const hidden of next.querySelectorAll('input[type=hidden]')) {
      const mine = current.querySelector(`input[type=hidden][name="${hidden.name}"]`)
      if (mine) mine.value = hidden.value
    }
  }

  document.addEventListener('DOMContentLoaded', () => {
    const live = document.getElementById('live')
    const setLive = (state, text, title) => {
      if (!live) return
      live.dataset.state = state
      live.textContent = text
      live.title = title
    }
    setLive('connecting', 'Connecting…', 'Opening the live stream')
    document.body.addEventListener('htmx:sseOpen', () => setLive('live', 'Live', 'Receiving live updates'))
    document.body.addEventListener('htmx:sseError', () => setLive('connecting', 'Reconnecting…', 'Connection lost; reconnecting'))
    startChart()
  })

  function startChart() {
    const el = document.getElementById('ts-chart')
    const source = document.getElementById('timeseries')
    if (!el || !source || typeof uPlot === 'undefined') return
    let plot
    let plotKey = ''
    let mode = 'cumulative'

    const read = () => {
      try {
        return JSON.parse(source.textContent || 'null')
      } catch {
        return null
      }
    }
    const xs = (json) => {
      const n = json.series.length > 0 ? json.series[0].values.length : 0
      return Array.from({ length: n }, (_, i) => json.x0 + (i * json.bucketMs) / 1000)
    }
    const toData = (json) => [
      xs(json),
      ...json.series.map((s) => {
        if (mode !== 'cumulative') return s.values
        let sum = 0
        return s.values.map((v) => (sum += v))
      }),
    ]
    const size = () => ({ width: Math.max(200, el.clientWidth), height: el.clientWidth < 600 ? 220 : 300 })
    const fmt = new Intl.NumberFormat('en-US')
    const pad = (n) => String(n).padStart(2, '0')
    /** UTC tick labels: seconds when the ticks are under a minute apart, the date when they are days apart. */
    const timeIncrs = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400, 172800, 604800]
    const timeTicks = (u, splits, axis, space, incr) =>
      splits.map((s) => {
        const d = new Date(s * 1000)
        const hm = pad(d.getUTCHours()) + ':' + pad(d.getUTCMinutes())
        if (incr >= 86400) return d.toISOString().slice(5, 10)
        return incr < 60 ? hm + ':' + pad(d.getUTCSeconds()) : hm
      })
    const options = (json) => ({
      ...size(),
      tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
      scales: { x: { time: true }, y: { range: (u, min, max) => [0, Math.max(1, max * 1.08)] } },
      series: [
        { label: 'Time (UTC)', value: (u, ts) => (ts == null ? '—' : new Date(ts * 1000).toISOString().slice(11, 19)) },
        ...json.series.map((s) => ({ label: s.name, stroke: s.color, width: 2.5, points: { show: false }, value: (u, v) => (v == null ? '—' : fmt.format(v)) })),
      ],
      axes: [
        // Whole seconds at least (buckets are 1 s or more): sub-second ticks would repeat their labels.
        { stroke: '#64748b', grid: { stroke: '#eef2f7' }, ticks: { stroke: '#e2e8f0' }, values: timeTicks, space: 70, incrs: timeIncrs },
        { stroke: '#64748b', grid: { stroke: '#eef2f7' }, ticks: { stroke: '#e2e8f0' }, size: 64, values: (u, splits) => splits.map((v) => fmt.format(v)) },
      ],
      cursor: { drag: { x: false, y: false } },
      legend: { live: true },
    })
    const draw = () => {
      const json = read()
      if (!json) return
      el.dataset.empty = json.x0 === null ? 'true' : 'false'
      const caption = document.getElementById('ts-caption')
      if (caption) caption.textContent = `${json.bucketMs >= 1000 ? json.bucketMs / 1000 + ' s' : json.bucketMs + ' ms'} buckets · event time, UTC`
      const key = json.series.map((s) => s.id + '\u0000' + s.name + '\u0000' + s.color).join('\u0001')
      if (!plot || key !== plotKey) {
        if (plot) plot.destroy()
        plot = new uPlot(options(json), toData(json), el)
        plotKey = key
      } else {
        plot.setData(toData(json))
      }
    }
    new MutationObserver(draw).observe(source, { childList: true, characterData: true, subtree: true })
    new ResizeObserver(() => plot && plot.setSize(size())).observe(el)
    for (const button of document.querySelectorAll('[data-mode]')) {
      button.addEventListener('click', () => {
        mode = button.dataset.mode
        for (const b of document.querySelectorAll('[data-mode]')) b.setAttribute('aria-pressed', String(b === button))
        draw()
      })
    }
    draw()
  }
})()
