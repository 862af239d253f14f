import { errorType, type OperationContexts, type OperationName } from '@multi-tier-cache/core';
import type { Attributes } from '@opentelemetry/api';
import { ATTRIBUTES } from './names.js';

type AnyContext = OperationContexts[OperationName];

/** Span attributes known when an operation starts; keys and patterns only when allowed. */
export function startAttributes(context: AnyContext, recordKeys: boolean): Attributes {
  const attributes: Attributes = { [ATTRIBUTES.operation]: context.operation };
  if ('keys' in context) attributes[ATTRIBUTES.keyCount] = context.keys.length;
  if ('tags' in context) attributes[ATTRIBUTES.tagCount] = context.tags.length;
  if ('namespace' in context && context.namespace !== undefined) {
    attributes[ATTRIBUTES.namespace] = context.namespace;
  }
  if (!recordKeys) return attributes;
  if ('key' in context) attributes[ATTRIBUTES.key] = context.key;
  if ('pattern' in context) attributes[ATTRIBUTES.pattern] = context.pattern;
  if ('tags' in context) attributes[ATTRIBUTES.tags] = [...context.tags];
  return attributes;
}

/**
 * Low-cardinality attributes known when an operation finished: operation, tier, outcome and
 * error type. Metrics use exactly these (never keys); spans add them to the start attributes.
 */
export function finishAttributes(context: AnyContext): Attributes {
  const attributes: Attributes = { [ATTRIBUTES.operation]: context.operation };
  if ('tier' in context && context.tier !== undefined) attributes[ATTRIBUTES.tier] = context.tier;
  if ('outcome' in context && context.outcome !== undefined) {
    attributes[ATTRIBUTES.outcome] = context.outcome;
  }
  if ('error' in context) attributes[ATTRIBUTES.errorType] = errorType(context.error);
  return attributes;
}
