import type { ComponentChildren, VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';

export function renderDocument(node: ComponentChildren): string {
  return `<!DOCTYPE html>${renderToString(node as VNode)}`;
}
