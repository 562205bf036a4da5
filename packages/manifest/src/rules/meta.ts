import {
  OFFICIAL_META_KEY,
  OFFICIAL_PUBLISHER_META_KEY,
  PUBLISHER_META_KEY,
  REGISTRY_META_KEY,
  RESERVED_META_PREFIXES,
  SIGNATURE_META_KEY,
} from '../constants';
import { describePath, type IssueCollector } from '../issues';
import { LIMITS } from '../limits';
import { jsonBytes, ownObject, type JsonObject } from '../json';
import { checkExtension, emptyExtension, type Extension } from './extension';
import { checkSignature } from './signature';

/** Keys written by a registry into its responses; removed from what is stored, never validated. */
export const STRIPPED_META_KEYS: readonly string[] = [OFFICIAL_META_KEY, REGISTRY_META_KEY];

/**
 * `_meta`: our extension block and signature are checked; the official publisher-provided block keeps
 * its official 4 KB limit; other keys under a registry's prefix are refused (only that registry writes
 * them); vendor keys are kept as they are, within a total size.
 */
export function checkMeta(manifest: JsonObject, issues: IssueCollector): Extension {
  const meta = ownObject(manifest, '_meta');
  if (!meta) return emptyExtension(); // absent, or not an object (the structural check reports that)
  let extension = emptyExtension();
  let vendorBytes = 0;
  for (const [key, value] of Object.entries(meta)) {
    const path = ['_meta', key];
    if (STRIPPED_META_KEYS.includes(key)) continue;
    if (key === PUBLISHER_META_KEY) extension = checkExtension(value, issues);
    else if (key === SIGNATURE_META_KEY) checkSignature(value, issues);
    else if (key === OFFICIAL_PUBLISHER_META_KEY) {
      const bytes = jsonBytes(value);
      if (bytes > LIMITS.officialPublisherMetaBytes) {
        issues.error(
          path,
          `${describePath(path)} is ${bytes} bytes; at most ${LIMITS.officialPublisherMetaBytes} are allowed`,
        );
      }
    } else if (RESERVED_META_PREFIXES.some((prefix) => key.startsWith(prefix))) {
      issues.error(
        path,
        `${describePath(path)} uses a prefix reserved for registries and cannot be published`,
      );
    } else {
      vendorBytes += jsonBytes(value);
    }
  }
  if (vendorBytes > LIMITS.vendorMetaBytes) {
    issues.error(
      ['_meta'],
      `_meta vendor entries take ${vendorBytes} bytes; at most ${LIMITS.vendorMetaBytes} are allowed`,
    );
  }
  return extension;
}
