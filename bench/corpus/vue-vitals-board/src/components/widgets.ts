// Bedside vitals board: widgets written as render functions and in-code templates.
import { defineComponent, h, PropType } from 'vue';
import DOMPurify from 'dompurify';

interface Annotation {
  author: string;
  html: string;
}

export const AnnotationCard = defineComponent({
  props: { annotation: { type: Object as PropType<Annotation>, required: true } },
  setup(props) {
    return () =>
      h('div', { class: 'annotation' }, [
        h('span', { class: 'author' }, props.annotation.author),
        h('div', { class: 'body', innerHTML: props.annotation.html }), // sbd-bench: tp xss
      ]);
  },
});

export const SanitizedAnnotationCard = defineComponent({
  props: { annotation: { type: Object as PropType<Annotation>, required: true } },
  setup(props) {
    return () => h('div', { class: 'body', innerHTML: DOMPurify.sanitize(props.annotation.html) }); // sbd-bench: tn xss
  },
});

export const UnitLegend = defineComponent({
  setup() {
    return () => h('small', { innerHTML: 'SpO<sub>2</sub> in %' }); // sbd-bench: tn xss
  },
});

export const AlarmBanner = defineComponent({
  props: { message: { type: String, required: true } },
  template: '<div class="alarm" role="alert" v-html="message"></div>', // sbd-bench: tp xss
});

export const BedLabel = defineComponent({
  props: { label: { type: String, required: true } },
  template: '<span class="bed">{{ label }}</span>', // sbd-bench: tn xss
});
