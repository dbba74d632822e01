import React, { useEffect, useRef } from 'react';

const SVG_NS = 'http://www.w3.org/2000/svg'; // sbd-bench: tn cleartext-transport

export default function ChartEmbed({ points, width = 320, height = 80 }) {
  const host = useRef(null);

  useEffect(() => {
    const svg = document.createElementNS(SVG_NS, 'svg');
    svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
    const line = document.createElementNS(SVG_NS, 'polyline');
    line.setAttribute('points', points.map((p, i) => `${(i / (points.length - 1)) * width},${height - p}`).join(' '));
    svg.appendChild(line);
    host.current.innerHTML = ''; // sbd-bench: tn xss
    host.current.appendChild(svg);
  }, [points, width, height]);

  return <div ref={host} className="chart" />;
}

export function ExternalReport({ reportUrl }) {
  return <iframe title="report" src={reportUrl} sandbox="allow-scripts" />;
}
