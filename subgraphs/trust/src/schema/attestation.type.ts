import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { UserError } from '@mcpr/platform';
import { Trust } from './trust.type';

@ObjectType({ description: "A third party's attestation of one version; it certifies that version." })
export class Attestation {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { description: 'The server name.' })
  name!: string;

  @Field(() => String)
  version!: string;

  @Field(() => String)
  attestor!: string;

  @Field(() => String)
  evidenceUrl!: string;

  @Field(() => String, { description: 'Account handle of the TRUST_ADMIN who recorded it.' })
  recordedBy!: string;

  @Field(() => Date)
  recordedAt!: Date;
}

@InputType()
export class RecordAttestationInput {
  @Field(() => String)
  name!: string;

  @Field(() => String, { description: 'A version, or "latest".' })
  version!: string;

  @Field(() => String, { description: 'Who attested (an auditing firm, a certification body).' })
  attestor!: string;

  @Field(() => String, { description: 'An https URL of the report or certificate.' })
  evidenceUrl!: string;
}

@ObjectType()
export class RecordAttestationPayload {
  @Field(() => Attestation, { nullable: true })
  attestation!: Attestation | null;

  @Field(() => Trust, { nullable: true, description: "The server's trust after the attestation." })
  trust!: Trust | null;

  @Field(() => [UserError])
  userErrors!: UserError[];
}
