import * as d3 from 'd3';

const SVG_NS = 'http://www.w3.org/2000/svg'; // sbd-bench: tn cleartext-transport
const XLINK_NS = 'http://www.w3.org/1999/xlink'; // sbd-bench: tn cleartext-transport

export function drawBloodPressure(container, readings) {
  const svg = document.createElementNS(SVG_NS, 'svg');
  svg.setAttribute('width', '480');
  svg.setAttribute('height', '160');
  const use = document.createElementNS(SVG_NS, 'use');
  use.setAttributeNS(XLINK_NS, 'href', '#legend');
  svg.appendChild(use);
  container.appendChild(svg);
  d3.select(svg)
    .selectAll('circle')
    .data(readings)
    .join('circle')
    .attr('cx', (_d, i) => i * 12)
    .attr('cy', (d) => 160 - d.systolic / 2)
    .attr('r', 2);
}

export function drawTooltip(container, reading) {
  d3.select(container).select('.tooltip').html(`<b>${reading.systolic}/${reading.diastolic}</b> ${reading.comment}`); // sbd-bench: tp xss
}

export function paletteFor(n) {
  const colors = [];
  for (let i = 0; i < n; i++) colors.push(`hsl(${Math.floor(Math.random() * 360)}, 60%, 55%)`); // sbd-bench: tn insecure-randomness
  return colors;
}
