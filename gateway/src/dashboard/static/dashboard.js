// The live dashboard: a minimal graphql-transport-ws client (no library, no build step) subscribing to
// Subscription.activity and Subscription.analytics on the gateway that served this page.
(function () {
  'use strict';

  var ACTIVITY =
    'subscription DashboardActivity($filter: ActivityFilter) {' +
    ' activity(filter: $filter) { id type subject actor occurredAt } }';
  var ANALYTICS =
    'subscription DashboardAnalytics($intervalSeconds: Int) {' +
    ' analytics(intervalSeconds: $intervalSeconds) {' +
    ' at publishesLastMinute installsLastMinute searchesLastMinute authFailuresLastMinute' +
    ' topQueries { value count } tiers { value count }' +
    ' series { minute publishes installs searches authFailures } } }';
  var METRICS = ['publishes', 'installs', 'searches', 'authFailures'];
  var MAX_ITEMS = 100;
  var ANALYTICS_INTERVAL = 2;

  var socket = null;
  var retries = 0;
  var retryTimer = null;
  var dropped = 0;

  function $(id) {
    return document.getElementById(id);
  }

  function setStatus(state, text) {
    var status = $('status');
    status.setAttribute('data-state', state);
    status.textContent = text;
    document.body.setAttribute('data-live', state);
  }

  function send(message) {
    if (socket && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
  }

  function activityFilter() {
    var types = $('filter-types')
      .value.split(',')
      .map(function (type) {
        return type.trim();
      })
      .filter(Boolean);
    var prefix = $('filter-subject').value.trim();
    var filter = {};
    if (types.length) filter.types = types;
    if (prefix) filter.subjectPrefix = prefix;
    return filter;
  }

  function connect() {
    if (retryTimer) clearTimeout(retryTimer);
    if (socket) {
      socket.onclose = null;
      socket.close(1000, 'reconnect');
    }
    var key = $('api-key').value.trim();
    var url = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/graphql';
    setStatus('connecting', 'connecting…');
    socket = new WebSocket(url, 'graphql-transport-ws');
    socket.onopen = function () {
      send({ type: 'connection_init', payload: key ? { authorization: 'Bearer ' + key } : {} });
    };
    socket.onmessage = function (event) {
      var message = JSON.parse(event.data);
      switch (message.type) {
        case 'connection_ack':
          retries = 0;
          setStatus('live', key ? 'live (with API key)' : 'live (public events)');
          send({
            id: 'activity',
            type: 'subscribe',
            payload: { query: ACTIVITY, variables: { filter: activityFilter() } },
          });
          send({
            id: 'analytics',
            type: 'subscribe',
            payload: { query: ANALYTICS, variables: { intervalSeconds: ANALYTICS_INTERVAL } },
          });
          break;
        case 'ping':
          send({ type: 'pong' });
          break;
        case 'next':
          onNext(message.id, message.payload);
          break;
        case 'error':
          setStatus(
            'refused',
            message.id +
              ': ' +
              message.payload
                .map(function (e) {
                  return e.message;
                })
                .join('; '),
          );
          break;
        default:
          break;
      }
    };
    socket.onclose = function (event) {
      if (event.code === 4401) {
        setStatus('refused', 'refused: ' + (event.reason || 'unauthorized') + ' — check the API key');
        return;
      }
      var delay = Math.min(30000, 500 * Math.pow(2, retries++));
      setStatus(
        'closed',
        'disconnected (' + event.code + '); retrying in ' + Math.round(delay / 1000) + ' s',
      );
      retryTimer = setTimeout(connect, delay);
    };
  }

  function onNext(id, payload) {
    if (payload.extensions && payload.extensions.dropped) {
      dropped += payload.extensions.dropped;
      $('dropped').textContent = dropped + ' dropped while this page was behind';
    }
    if (payload.errors && payload.errors.length) {
      setStatus('refused', payload.errors[0].message);
      return;
    }
    if (!payload.data) return;
    if (id === 'activity') addActivity(payload.data.activity);
    if (id === 'analytics') showAnalytics(payload.data.analytics);
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function addActivity(event) {
    var list = $('activity');
    var item = el('li', 'fresh');
    item.setAttribute('data-type', event.type);
    item.setAttribute('data-family', event.type.split('.')[0]);
    item.setAttribute('data-id', event.id);
    var time = el('time', '', new Date(event.occurredAt).toLocaleTimeString());
    time.setAttribute('datetime', event.occurredAt);
    item.appendChild(time);
    item.appendChild(el('span', 'type', event.type));
    var who = el('span', 'subject', event.subject + ' ');
    who.title = event.subject;
    who.appendChild(el('span', 'actor', '· ' + event.actor));
    item.appendChild(who);
    list.insertBefore(item, list.firstChild);
    while (list.children.length > MAX_ITEMS) list.removeChild(list.lastChild);
  }

  function sparkline(svg, values) {
    while (svg.firstChild) svg.removeChild(svg.firstChild);
    if (!values.length) return;
    var max = Math.max.apply(null, values.concat([1]));
    var step = values.length > 1 ? 120 / (values.length - 1) : 120;
    var points = values.map(function (value, i) {
      return (i * step).toFixed(1) + ',' + (31 - (value / max) * 29).toFixed(1);
    });
    var ns = 'http://www.w3.org/2000/svg';
    var area = document.createElementNS(ns, 'polygon');
    area.setAttribute('points', '0,32 ' + points.join(' ') + ' 120,32');
    var line = document.createElementNS(ns, 'polyline');
    line.setAttribute('points', points.join(' '));
    svg.appendChild(area);
    svg.appendChild(line);
  }

  function showAnalytics(snapshot) {
    $('analytics-at').textContent = 'at ' + new Date(snapshot.at).toLocaleTimeString();
    METRICS.forEach(function (metric) {
      $(metric).textContent = String(snapshot[metric + 'LastMinute']);
      var series = (snapshot.series || []).map(function (minute) {
        return minute[metric];
      });
      sparkline($('spark-' + metric), series);
    });
    var tiers = $('tiers');
    tiers.textContent = '';
    var most = Math.max.apply(
      null,
      snapshot.tiers
        .map(function (t) {
          return t.count;
        })
        .concat([1]),
    );
    snapshot.tiers.forEach(function (tier) {
      var row = el('li');
      row.appendChild(el('span', '', tier.value.toLowerCase().replace(/_/g, ' ')));
      var bar = el('span', 'bar');
      bar.style.width = ((tier.count / most) * 100).toFixed(1) + '%';
      row.appendChild(bar);
      row.appendChild(el('span', 'count', String(tier.count)));
      tiers.appendChild(row);
    });
    var top = $('top-queries');
    top.textContent = '';
    if (!snapshot.topQueries.length) top.appendChild(el('li', 'muted', 'no searches yet'));
    snapshot.topQueries.forEach(function (query) {
      top.appendChild(el('li', '', query.value + ' (' + query.count + ')'));
    });
  }

  $('connect-form').addEventListener('submit', function (event) {
    event.preventDefault();
    connect();
  });
  connect();
})();
