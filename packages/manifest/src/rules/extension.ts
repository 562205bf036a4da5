import { PERMISSION_KINDS, PUBLISHER_META_KEY } from '../constants';
import { describePath, type IssueCollector } from '../issues';
import { LIMITS } from '../limits';
import { charLength, hasOwn, isObject, own, type JsonObject } from '../json';
import type { Permission, PermissionKind, ToolDefinition } from '../types';
import { checkTools } from './tools';

/** What our extension block declares (all lists empty when the block is absent). */
export interface Extension {
  tools: ToolDefinition[];
  categories: string[];
  capabilities: string[];
  permissions: Permission[];
}

/** An empty extension, for manifests without the block. */
export function emptyExtension(): Extension {
  return { tools: [], categories: [], capabilities: [], permissions: [] };
}

const KNOWN_FIELDS = ['tools', 'categories', 'capabilities', 'permissions'];

/** Checks `_meta["io.mcpr/publisher-provided"]`; every field is optional. */
export function checkExtension(block: unknown, issues: IssueCollector): Extension {
  const path = ['_meta', PUBLISHER_META_KEY];
  const extension = emptyExtension();
  if (!isObject(block)) {
    issues.error(path, `${describePath(path)} must be an object`);
    return extension;
  }
  for (const key of Object.keys(block)) {
    if (!KNOWN_FIELDS.includes(key)) {
      issues.warning(
        [...path, key],
        `${describePath([...path, key])} is not a known field; it is stored but not used`,
      );
    }
  }
  if (hasOwn(block, 'tools')) extension.tools = checkTools(block.tools, [...path, 'tools'], issues);
  if (hasOwn(block, 'categories')) {
    extension.categories = checkSlugs(block.categories, [...path, 'categories'], LIMITS.categories, issues);
  }
  if (hasOwn(block, 'capabilities')) {
    extension.capabilities = checkSlugs(
      block.capabilities,
      [...path, 'capabilities'],
      LIMITS.capabilities,
      issues,
    );
  }
  if (hasOwn(block, 'permissions')) {
    extension.permissions = checkPermissions(block.permissions, [...path, 'permissions'], issues);
  }
  return extension;
}

/**
 * Categories and capabilities: short labels. Lenient on purpose (any case, any characters); each is
 * trimmed, must be 1 to 64 characters, and repeats are dropped.
 */
function checkSlugs(value: unknown, path: string[], max: number, issues: IssueCollector): string[] {
  if (!Array.isArray(value)) {
    issues.error(path, `${describePath(path)} must be an array of strings`);
    return [];
  }
  if (value.length > max) issues.error(path, `${describePath(path)} may list at most ${max} entries`);
  const labels: string[] = [];
  value.slice(0, max).forEach((item, index) => {
    const itemPath = [...path, String(index)];
    if (typeof item !== 'string') {
      issues.error(itemPath, `${describePath(itemPath)} must be a string`);
      return;
    }
    const label = item.trim();
    if (label === '' || charLength(label) > LIMITS.slugMaxChars) {
      issues.error(itemPath, `${describePath(itemPath)} must be 1 to ${LIMITS.slugMaxChars} characters long`);
      return;
    }
    if (!labels.includes(label)) labels.push(label);
  });
  return labels;
}

function checkPermissions(value: unknown, path: string[], issues: IssueCollector): Permission[] {
  if (!Array.isArray(value)) {
    issues.error(path, `${describePath(path)} must be an array`);
    return [];
  }
  if (value.length > LIMITS.permissions) {
    issues.error(path, `${describePath(path)} may list at most ${LIMITS.permissions} permissions`);
  }
  const permissions: Permission[] = [];
  value.slice(0, LIMITS.permissions).forEach((item, index) => {
    const itemPath = [...path, String(index)];
    if (!isObject(item)) {
      issues.error(itemPath, `${describePath(itemPath)} must be an object with a kind and patterns`);
      return;
    }
    const kind = checkKind(item, itemPath, issues);
    const patterns = checkPatterns(item, itemPath, issues);
    if (kind) permissions.push({ kind, patterns });
  });
  return permissions;
}

function checkKind(item: JsonObject, itemPath: string[], issues: IssueCollector): PermissionKind | undefined {
  const path = [...itemPath, 'kind'];
  const kind = own(item, 'kind');
  if (kind === undefined) {
    issues.error(path, `${describePath(path)} is required`);
    return undefined;
  }
  const known = PERMISSION_KINDS.find((k) => k === kind);
  if (!known) issues.error(path, `${describePath(path)} must be one of: ${PERMISSION_KINDS.join(', ')}`);
  return known;
}

/** `patterns`: optional (none means the kind is declared without detail); each a non-empty string. */
function checkPatterns(item: JsonObject, itemPath: string[], issues: IssueCollector): string[] {
  const path = [...itemPath, 'patterns'];
  const value = own(item, 'patterns');
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    issues.error(path, `${describePath(path)} must be an array of strings`);
    return [];
  }
  if (value.length > LIMITS.patternsPerPermission) {
    issues.error(path, `${describePath(path)} may list at most ${LIMITS.patternsPerPermission} patterns`);
  }
  const patterns: string[] = [];
  value.slice(0, LIMITS.patternsPerPermission).forEach((pattern, index) => {
    const patternPath = [...path, String(index)];
    if (typeof pattern !== 'string' || pattern.trim() === '') {
      issues.error(patternPath, `${describePath(patternPath)} must be a non-empty string`);
    } else if (charLength(pattern) > LIMITS.permissionPatternMaxChars) {
      issues.error(
        patternPath,
        `${describePath(patternPath)} must be at most ${LIMITS.permissionPatternMaxChars} characters long`,
      );
    } else patterns.push(pattern);
  });
  return patterns;
}
