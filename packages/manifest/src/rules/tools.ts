import { checkToolSchema } from '../json-schema';
import { describePath, type IssueCollector } from '../issues';
import { LIMITS } from '../limits';
import { charLength, hasOwn, isObject, own, type JsonObject } from '../json';
import type { ToolAnnotations, ToolDefinition } from '../types';

/** MCP tool-name guidance (spec 2025-11-25): 1–128 of letters, digits, `_`, `-` and `.`. */
const TOOL_NAME = /^[a-zA-Z0-9_.-]{1,128}$/;

const ANNOTATION_HINTS = ['readOnlyHint', 'destructiveHint', 'idempotentHint', 'openWorldHint'] as const;

/**
 * Checks the `tools` list of our extension block and returns the definitions. Names must be unique
 * within the manifest; the second use of a name is the error.
 */
export function checkTools(
  value: unknown,
  path: readonly string[],
  issues: IssueCollector,
): ToolDefinition[] {
  if (!Array.isArray(value)) {
    issues.error(path, `${describePath(path)} must be an array`);
    return [];
  }
  if (value.length > LIMITS.tools) {
    issues.error(path, `${describePath(path)} may list at most ${LIMITS.tools} tools`);
  }
  const firstIndexByName = new Map<string, number>();
  const tools: ToolDefinition[] = [];
  value.slice(0, LIMITS.tools).forEach((tool, index) => {
    const toolPath = [...path, String(index)];
    if (!isObject(tool)) {
      issues.error(toolPath, `${describePath(toolPath)} must be an object`);
      return;
    }
    const name = checkToolName(tool, toolPath, issues);
    if (name !== undefined) {
      const first = firstIndexByName.get(name);
      if (first === undefined) firstIndexByName.set(name, index);
      else {
        const namePath = [...toolPath, 'name'];
        issues.error(
          namePath,
          `${describePath(namePath)} "${name}" is already used by ${describePath([...path, String(first)])}`,
        );
      }
    }
    tools.push(checkTool(tool, name ?? '', toolPath, issues));
  });
  return tools;
}

function checkToolName(tool: JsonObject, toolPath: string[], issues: IssueCollector): string | undefined {
  const path = [...toolPath, 'name'];
  const name = own(tool, 'name');
  if (name === undefined) {
    issues.error(path, `${describePath(path)} is required`);
    return undefined;
  }
  if (typeof name !== 'string') {
    issues.error(path, `${describePath(path)} must be a string`);
    return undefined;
  }
  if (!TOOL_NAME.test(name)) {
    issues.error(
      path,
      `${describePath(path)} must be 1 to ${LIMITS.toolNameMaxLength} characters of letters, digits, "_", "-" and "."`,
    );
  }
  return name;
}

function checkTool(
  tool: JsonObject,
  name: string,
  toolPath: string[],
  issues: IssueCollector,
): ToolDefinition {
  const at = (field: string) => [...toolPath, field];
  const definition: ToolDefinition = { name, description: '', inputSchema: {} };

  const title = own(tool, 'title');
  if (title !== undefined) {
    if (typeof title !== 'string') issues.error(at('title'), `${describePath(at('title'))} must be a string`);
    else if (charLength(title) > LIMITS.toolTitleMaxChars) {
      issues.error(
        at('title'),
        `${describePath(at('title'))} must be at most ${LIMITS.toolTitleMaxChars} characters long`,
      );
    } else definition.title = title;
  }

  // An empty description is allowed: the scanner, not validation, judges tool text.
  const description = own(tool, 'description');
  if (description === undefined)
    issues.error(at('description'), `${describePath(at('description'))} is required`);
  else if (typeof description !== 'string') {
    issues.error(at('description'), `${describePath(at('description'))} must be a string`);
  } else if (charLength(description) > LIMITS.toolDescriptionMaxChars) {
    issues.error(
      at('description'),
      `${describePath(at('description'))} must be at most ${LIMITS.toolDescriptionMaxChars} characters long`,
    );
  } else definition.description = description;

  if (!hasOwn(tool, 'inputSchema'))
    issues.error(at('inputSchema'), `${describePath(at('inputSchema'))} is required`);
  else if (checkSchemaField(tool.inputSchema, at('inputSchema'), issues)) {
    definition.inputSchema = tool.inputSchema as Record<string, unknown>;
  }
  if (hasOwn(tool, 'outputSchema') && checkSchemaField(tool.outputSchema, at('outputSchema'), issues)) {
    definition.outputSchema = tool.outputSchema as Record<string, unknown>;
  }

  if (hasOwn(tool, 'annotations')) {
    const annotations = checkAnnotations(tool.annotations, at('annotations'), issues);
    if (annotations) definition.annotations = annotations;
  }
  return definition;
}

/** Records the problems of one tool schema; true when there are none. */
function checkSchemaField(schema: unknown, path: string[], issues: IssueCollector): boolean {
  const { problems } = checkToolSchema(schema);
  for (const problem of problems) {
    const full = [...path, ...problem.path];
    issues.error(full, `${describePath(full)} ${problem.message}`);
  }
  return problems.length === 0;
}

function checkAnnotations(
  value: unknown,
  path: string[],
  issues: IssueCollector,
): ToolAnnotations | undefined {
  if (!isObject(value)) {
    issues.error(path, `${describePath(path)} must be an object`);
    return undefined;
  }
  const annotations: ToolAnnotations = {};
  const title = own(value, 'title');
  if (title !== undefined) {
    if (typeof title === 'string') annotations.title = title;
    else issues.error([...path, 'title'], `${describePath([...path, 'title'])} must be a string`);
  }
  for (const hint of ANNOTATION_HINTS) {
    const flag = own(value, hint);
    if (flag === undefined) continue;
    if (typeof flag === 'boolean') annotations[hint] = flag;
    else issues.error([...path, hint], `${describePath([...path, hint])} must be a boolean`);
  }
  return annotations;
}
