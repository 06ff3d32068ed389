import { mount } from './mount.js';

/**
 * `<script src="https://API_HOST/widget.js" data-api="https://API_HOST" async>`: mounts a form into
 * every `[data-winnow-form]`. Without `data-api`, the API is where the script came from.
 */
const script = document.currentScript as HTMLScriptElement | null;
const api = script?.dataset.api || (script?.src ? new URL(script.src).origin : location.origin);

const mountAll = () => {
  for (const element of document.querySelectorAll<HTMLElement>('[data-winnow-form]:not(.winnow)')) {
    void mount(element, { api, formId: element.dataset.winnowForm ?? '', steps: Number(element.dataset.winnowSteps) || undefined });
  }
};

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', mountAll);
else mountAll();
