import { Field, Int, ObjectType } from 'type-graphql';

@ObjectType({ description: 'A signed checkpoint (C2SP tlog-checkpoint) of the audit log.' })
export class Checkpoint {
  @Field(() => String, { description: 'The log name: the first line of the note.' })
  origin!: string;

  @Field(() => Int)
  treeSize!: number;

  @Field(() => String, { description: 'Lowercase hex RFC 9162 root hash of the first treeSize entries.' })
  rootHash!: string;

  @Field(() => Date)
  issuedAt!: Date;

  @Field(() => String, { description: 'First 16 hex characters of SHA-256 over the raw public key.' })
  keyId!: string;

  @Field(() => String, {
    description: 'Base64 of the raw 64-byte Ed25519 signature over the UTF-8 bytes of note.',
  })
  signature!: string;

  @Field(() => String, {
    description: 'Origin, tree size and base64 root hash, each followed by a newline.',
  })
  note!: string;
}

@ObjectType({ description: 'A key that signs (or signed) audit checkpoints.' })
export class AuditPublicKey {
  @Field(() => String)
  keyId!: string;

  @Field(() => String, { description: 'Base64 of the raw 32-byte Ed25519 public key.' })
  publicKey!: string;

  @Field(() => Date)
  validFrom!: Date;

  @Field(() => Date, { nullable: true, description: 'Null while the key is the current one.' })
  validUntil?: Date | null;
}
