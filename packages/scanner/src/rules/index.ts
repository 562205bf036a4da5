import type { RuleInfo } from '../types';
import type { Rule } from './types';
import { overrideRule } from './override';
import { concealmentRule } from './concealment';
import { toolPrecedenceRule } from './tool-precedence';
import { consentBypassRule } from './consent-bypass';
import { pseudoTagRule } from './pseudo-tag';
import { modelAddressRule } from './model-address';
import { htmlCommentRule } from './html-comment';
import { encodedTextRule } from './encoded-text';
import { sensitivePathRule } from './sensitive-path';
import { sensitivePathAccessRule } from './sensitive-path-access';
import { dataRequestRule } from './data-request';
import { suspiciousParameterRule } from './suspicious-parameter';
import { shadowingRule } from './shadowing';
import { toolRedirectRule } from './tool-redirect';
import { quotedExampleRule } from './quoted-example';
import { zeroWidthRule } from './zero-width';
import { unicodeTagsRule } from './unicode-tags';
import { bidiControlRule } from './bidi-control';
import { controlCharactersRule } from './control-characters';
import { invisibleFillerRule } from './invisible-filler';
import { whitespacePaddingRule } from './whitespace-padding';
import { mixedScriptTextRule } from './mixed-script-text';
import { typosquatRule } from './typosquat';
import { lookalikeNameRule } from './lookalike-name';
import { impersonationRule } from './impersonation';
import { officialClaimRule } from './official-claim';
import { reservedNameRule } from './reserved-name';
import { homoglyphIdentifierRule } from './homoglyph-identifier';
import { insecureTransportRule } from './insecure-transport';
import { runtimeHintRule } from './runtime-hint';
import { shellRuntimeRule } from './shell-runtime';
import { shellMetacharactersRule } from './shell-metacharacters';
import { pipeToShellRule } from './pipe-to-shell';
import { secretInDefaultRule } from './secret-in-default';
import { secretLikeDefaultRule } from './secret-like-default';
import { destructiveUnannotatedRule } from './destructive-unannotated';
import { destructiveWithoutHintRule } from './destructive-without-hint';
import { readonlyDestructiveRule } from './readonly-destructive';
import { readonlyWritePermissionRule } from './readonly-write-permission';
import { undeclaredPermissionRule } from './undeclared-permission';
import { wildcardPermissionRule } from './wildcard-permission';
import { broadPermissionRule } from './broad-permission';
import { sensitivePermissionRule } from './sensitive-permission';
import { openInputSchemaRule } from './open-input-schema';
import { toolChangedRule } from './tool-changed';
import { instructionsAddedRule } from './instructions-added';
import { toolsetChangedRule } from './toolset-changed';

/** Reported when a rule throws on some input: the scan goes on, the failure is visible. */
export const RULE_ERROR: RuleInfo = {
  id: 'scanner.rule-error',
  family: 'scanner',
  severity: 'INFO',
  description: 'A rule failed on this input (a scanner bug); the other rules still ran.',
};

/**
 * Every rule, in execution order. Phrase rules come before `quoted-example` (which reports what they
 * set aside); the rug-pull rules use `after` and see every other finding.
 */
export const ALL_RULES: readonly Rule[] = [
  overrideRule,
  concealmentRule,
  toolPrecedenceRule,
  consentBypassRule,
  pseudoTagRule,
  modelAddressRule,
  htmlCommentRule,
  encodedTextRule,
  sensitivePathRule,
  sensitivePathAccessRule,
  dataRequestRule,
  suspiciousParameterRule,
  shadowingRule,
  toolRedirectRule,
  quotedExampleRule,
  zeroWidthRule,
  unicodeTagsRule,
  bidiControlRule,
  controlCharactersRule,
  invisibleFillerRule,
  whitespacePaddingRule,
  mixedScriptTextRule,
  typosquatRule,
  lookalikeNameRule,
  impersonationRule,
  officialClaimRule,
  reservedNameRule,
  homoglyphIdentifierRule,
  insecureTransportRule,
  runtimeHintRule,
  shellRuntimeRule,
  shellMetacharactersRule,
  pipeToShellRule,
  secretInDefaultRule,
  secretLikeDefaultRule,
  destructiveUnannotatedRule,
  destructiveWithoutHintRule,
  readonlyDestructiveRule,
  readonlyWritePermissionRule,
  undeclaredPermissionRule,
  wildcardPermissionRule,
  broadPermissionRule,
  sensitivePermissionRule,
  openInputSchemaRule,
  toolChangedRule,
  instructionsAddedRule,
  toolsetChangedRule,
];

/** Public metadata of every rule (id, family, severity, description). */
export const RULES: readonly RuleInfo[] = [
  ...ALL_RULES.map(({ id, family, severity, description }) => ({ id, family, severity, description })),
  RULE_ERROR,
];
