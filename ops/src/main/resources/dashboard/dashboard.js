// Ballast's dashboard: renders the pictures /api/stream sends (server-sent events); no build step, nothing fetched from elsewhere.
"use strict";

const $ = id => document.getElementById(id);

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  Object.entries(attrs || {}).forEach(([key, value]) => {
    if (key === "class") node.className = value; else if (key === "style") node.style.cssText = value; else node.setAttribute(key, value);
  });
  children.forEach(child => node.append(child instanceof Node ? child : document.createTextNode(child == null ? "" : String(child))));
  return node;
}

function replace(container, ...children) {
  container.replaceChildren(...children);
}

const percent = fraction => fraction == null ? "–" : (fraction * 100).toFixed(1) + "%";
const usd = text => text == null ? "unpriced" : "$" + Number(text).toLocaleString("en-US", {maximumFractionDigits: 0});
const amount = text => Number(text).toLocaleString("en-US", {maximumFractionDigits: 4});
const age = seconds => seconds < 0 ? "–" : seconds < 120 ? seconds.toFixed(1) + " s" : (seconds / 60).toFixed(1) + " min";

function renderHeader(picture) {
  $("input-seq").textContent = picture.inputSeq;
  $("engine-clock").textContent = picture.engineClock > 0 ? new Date(picture.engineClock * 1000).toISOString().replace(".000Z", "Z") : "–";
  const actions = $("actions");
  if (picture.killSwitch) {
    actions.textContent = "kill switch ON — no order acts"; actions.className = "badge crit";
  } else {
    actions.textContent = "orders: " + picture.actionMode; actions.className = "badge " + (picture.actionMode === "publish" ? "warn" : "ok");
  }
}

function renderAllocation(picture) {
  const blocks = picture.assets.filter(asset => asset.chains.some(chain => chain.target != null)).map(asset => {
    const rows = asset.chains.filter(chain => chain.target != null).map(chain => {
      const bar = el("div", {class: "bar"});
      const width = chain.allocation == null ? 0 : Math.min(100, chain.allocation * 100);
      const below = !chain.hub && chain.allocation != null && chain.allocation < chain.threshold;
      bar.append(el("div", {class: "fill" + (chain.hub ? " hub" : below ? " below" : ""), style: "width:" + width + "%"}));
      if (!chain.hub) {
        bar.append(el("div", {class: "target", style: "left:" + Math.min(100, chain.target * 100) + "%", title: "target " + percent(chain.target)}));
        bar.append(el("div", {class: "threshold", style: "left:" + Math.min(100, chain.threshold * 100) + "%", title: "threshold " + percent(chain.threshold)}));
      }
      const label = chain.hub ? percent(chain.allocation) + " hub" : percent(chain.allocation) + " / " + percent(chain.target);
      return el("div", {class: "bar-row", id: "allocation-" + asset.asset + "-" + chain.chain}, el("span", {}, chain.chain), bar, el("span", {}, label));
    });
    return el("div", {class: "asset-block"}, el("h3", {}, asset.asset), ...rows);
  });
  replace($("allocation"), ...(blocks.length ? blocks : [el("p", {class: "hint"}, "No inventory section in the rules in force.")]));
}

function renderUsd(picture) {
  const tiers = ["pending", "unsafe", "safe", "finalized"];
  const values = tiers.map(tier => Math.max(0, Number(picture.usd[tier])));
  const total = values.reduce((a, b) => a + b, 0) || 1;
  replace($("usd-bar"), ...tiers.map((tier, i) => el("div", {class: "tier-" + tier, style: "width:" + (values[i] / total * 100) + "%", title: tier})));
  replace($("usd"), ...tiers.map(tier => el("tr", {id: "usd-" + tier}, el("td", {}, el("span", {class: "badge tier-" + tier}, tier)), el("td", {}, usd(picture.usd[tier])))),
    el("tr", {}, el("td", {}, "in flight"), el("td", {}, usd(picture.usd.inFlight))),
    el("tr", {}, el("td", {}, "liabilities"), el("td", {}, usd(picture.usd.liabilities))));
}

function renderChains(picture) {
  replace($("chains").tBodies[0], ...picture.chains.map(chain => {
    const late = chain.headAgeSeconds > 10 * chain.blockTimeSeconds;
    const status = chain.stalled ? el("span", {class: "badge crit"}, "stalled") : late ? el("span", {class: "badge warn"}, "late") : el("span", {class: "badge ok"}, "live");
    return el("tr", {id: "chain-" + chain.name}, el("td", {}, chain.name), el("td", {}, chain.kind), el("td", {}, chain.head),
      el("td", {}, age(chain.headAgeSeconds)), el("td", {}, chain.safeLagBlocks < 0 ? "–" : chain.safeLagBlocks),
      el("td", {}, chain.finalityLagBlocks < 0 ? "–" : chain.finalityLagBlocks), el("td", {}, chain.reorgs), el("td", {}, status));
  }));
}

function renderHoldings(picture) {
  const chains = [...new Set(picture.assets.flatMap(asset => asset.chains.map(chain => chain.chain)))].sort();
  replace($("holdings").tHead, el("tr", {}, el("th", {}, "asset"), ...chains.map(chain => el("th", {}, chain)), el("th", {}, "USD"), el("th", {}, "price")));
  replace($("holdings").tBodies[0], ...picture.assets.map(asset => {
    const totals = chains.map(chain => {
      const holding = asset.chains.find(h => h.chain === chain);
      return holding ? Number(holding.pending) + Number(holding.unsafe) + Number(holding.safe) + Number(holding.finalized) : 0;
    });
    const sum = totals.reduce((a, b) => a + b, 0) || 1;
    const cells = totals.map((total, i) => el("td", {class: "heat", style: "background: rgba(88,166,255," + (0.12 + 0.75 * total / sum).toFixed(2) + ")",
      title: chains[i] + " " + percent(total / sum)}, amount(total)));
    const price = asset.priceUsd == null ? "none" : "$" + asset.priceUsd + (asset.priceStale ? " (stale " + age(asset.priceAgeSeconds) + ")" : "");
    return el("tr", {id: "asset-" + asset.asset}, el("td", {}, asset.asset), ...cells, el("td", {}, usd(asset.totalUsd)),
      el("td", {class: asset.priceStale ? "overdue" : ""}, price));
  }));
}

function renderTransfers(picture) {
  $("in-flight-count").textContent = picture.inFlight.length;
  replace($("transfers").tBodies[0], ...picture.inFlight.map(t => el("tr", {id: "transfer-" + t.id},
    el("td", {}, t.id), el("td", {}, t.asset), el("td", {}, t.from + " → " + t.to), el("td", {}, amount(t.amount)), el("td", {}, age(t.ageSeconds)),
    el("td", {class: t.overdue ? "overdue" : ""}, t.overdue ? "overdue" : "due in " + age(t.expectedSeconds - t.ageSeconds)))));
  replace($("positions").tBodies[0], ...picture.positions.map(p => el("tr", {id: "position-" + p.id}, el("td", {}, p.id), el("td", {}, p.venue),
    el("td", {class: p.healthFactor != null && Number(p.healthFactor) < 1 ? "overdue" : ""}, p.healthFactor == null ? "–" : p.healthFactor))));
}

function renderAlerts(picture) {
  $("firing-count").textContent = picture.firing.length;
  replace($("firing"), ...picture.firing.map(alert => el("li", {class: "sev-" + (alert.severity || "info")},
    (alert.severity || "?") + " · " + alert.subject + (alert.message ? " — " + alert.message : ""))));
  replace($("recent"), ...picture.recent.slice(0, 40).map(d => el("li", {class: d.severity ? "sev-" + d.severity : ""}, "#" + d.journalSeq + " " + d.text)));
}

function render(picture) {
  renderHeader(picture);
  renderAllocation(picture);
  renderUsd(picture);
  renderChains(picture);
  renderHoldings(picture);
  renderTransfers(picture);
  renderAlerts(picture);
}

function connect() {
  const stream = new EventSource("api/stream");
  stream.addEventListener("picture", message => {
    $("connection").textContent = "live"; $("connection").className = "badge ok";
    render(JSON.parse(message.data));
  });
  stream.onerror = () => { $("connection").textContent = "reconnecting"; $("connection").className = "badge off"; };
}

fetch("api/exposure").then(response => response.json()).then(render).finally(connect);
