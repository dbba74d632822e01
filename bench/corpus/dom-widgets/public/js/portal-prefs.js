// Patient-portal widget preferences: defaults, the user's saved JSON and deep-link overrides such as
// ?prefs[chart][range]=30d&prefs[units]=mmol are merged into one settings object.
/* global $ */
(function () {
  'use strict';

  const DEFAULTS = { chart: { range: '7d', smoothing: false }, units: 'mg/dL', reminders: { email: true } };

  // jQuery 3.3.1 is still bundled with the legacy portal shell.
  function savedSettings() {
    const raw = localStorage.getItem('portal.widgetPrefs') || '{}';
    return $.extend(true, {}, DEFAULTS, JSON.parse(raw)); // sbd-bench: tn prototype-pollution
  }

  function parseNestedQuery(search) {
    const out = {};
    new URLSearchParams(search).forEach(function (value, name) {
      const keys = name.replace(/\]/g, '').split('[');
      let node = out;
      for (let i = 0; i < keys.length - 1; i++) {
        node = node[keys[i]] || (node[keys[i]] = {});
      }
      node[keys[keys.length - 1]] = value; // sbd-bench: tp prototype-pollution
    });
    return out;
  }

  function parseNestedQueryStrict(search) {
    const out = Object.create(null);
    new URLSearchParams(search).forEach(function (value, name) {
      const match = /^prefs\[(chart|reminders)\]\[(range|smoothing|email|sms)\]$/.exec(name); // sbd-bench: tn redos
      if (!match) return;
      out[match[1]] = out[match[1]] || Object.create(null);
      out[match[1]][match[2]] = value; // sbd-bench: tn prototype-pollution
    });
    return out;
  }

  function queryOverrides() {
    return parseNestedQuery(window.location.search).prefs || {};
  }

  // Shared links carry the chart setup as JSON after the hash: #{"chart":{"range":"30d"}}
  function applyDeepLink() {
    const shared = window.location.hash.length > 1 ? JSON.parse(decodeURIComponent(window.location.hash.slice(1))) : {};
    return $.extend(true, savedSettings(), shared); // sbd-bench: tp prototype-pollution
  }

  window.portalPrefs = { savedSettings, applyDeepLink, queryOverrides, parseNestedQueryStrict };
})();
