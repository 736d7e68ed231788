/** An attachment that moves focus to its element when it appears (instead of `autofocus`). */
export function focusOnMount(element: HTMLElement): void {
  // After the current render, so the element is in the document and visible.
  queueMicrotask(() => element.focus());
}
