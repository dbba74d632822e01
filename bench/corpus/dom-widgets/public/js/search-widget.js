(function () {
  'use strict';

  var params = new URLSearchParams(window.location.search);
  var term = params.get('q') || '';
  var banner = document.getElementById('search-banner');
  var results = document.getElementById('results');

  banner.innerHTML = 'Showing results for <strong>' + term + '</strong>'; // sbd-bench: tp xss

  var counter = document.getElementById('result-count');
  counter.textContent = 'Searching for ' + term + '…'; // sbd-bench: tn xss

  fetch('/api/directory?q=' + encodeURIComponent(term))
    .then(function (r) { return r.json(); })
    .then(function (list) {
      results.innerHTML = ''; // sbd-bench: tn xss
      list.forEach(function (provider) {
        var li = document.createElement('li');
        li.textContent = provider.name + ' — ' + provider.specialty;
        results.appendChild(li);
      });
      counter.textContent = list.length + ' providers';
    });

  var hash = decodeURIComponent(location.hash.slice(1));
  if (hash) {
    document.write('<p class="anchor">Jumped to ' + hash + '</p>'); // sbd-bench: tp xss
  }

  var layout = params.get('layout');
  if (layout) {
    var cfg = eval('(' + layout + ')'); // sbd-bench: tp code-injection
    document.body.className = cfg.theme;
  }

  var sorter = params.get('sort');
  var compare = sorter ? new Function('a', 'b', 'return ' + sorter) : null; // sbd-bench: tp code-injection

  var returnUrl = params.get('return');
  document.getElementById('back').addEventListener('click', function () {
    window.location.href = returnUrl; // sbd-bench: tp open-redirect
  });

  if (location.hash.indexOf('#goto=') === 0) {
    window.location.href = decodeURIComponent(location.hash.slice(6)); // sbd-bench: tp open-redirect
  }

  document.getElementById('expired').addEventListener('click', function () {
    location.replace('/login?expired=1'); // sbd-bench: tn open-redirect
  });

  document.getElementById('home').addEventListener('click', function () {
    window.location.href = '/directory'; // sbd-bench: tn open-redirect
  });
})();
