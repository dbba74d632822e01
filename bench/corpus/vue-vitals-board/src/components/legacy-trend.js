// Vue 2 trend chart tooltip kept from the first board release.
import Vue from 'vue';

Vue.component('trend-tooltip', {
  props: ['point'],
  render(createElement) {
    return createElement('div', {
      class: 'tooltip',
      domProps: { innerHTML: `${this.point.label}: ${this.point.comment}` }, // sbd-bench: tp xss
    });
  },
});

Vue.component('trend-axis', {
  props: ['unit'],
  render(createElement) {
    return createElement('div', {
      class: 'axis',
      domProps: { textContent: this.unit }, // sbd-bench: tn xss
    });
  },
});
