/**
 * Whether a partner holds a record of a person and when it last changed, as each partner adds it
 * to a case conference's evidence. "No record with this partner" is `hasRecord: false`; a caller
 * who may not see the partner's data gets null with FORBIDDEN instead, so the two never look alike.
 */
import { DateTimeResolver } from 'graphql-scalars';
import { Directive, Field, ObjectType } from 'type-graphql';

@Directive('@shareable')
@ObjectType('PartnerRecord', { description: 'Whether a partner holds a record of the person, and when its data about them last changed.' })
export class PartnerRecord {
  @Field(() => Boolean, { description: 'False: the partner holds no record of this person (not a refusal: a refusal is null with FORBIDDEN).' })
  hasRecord!: boolean;

  @Field(() => DateTimeResolver, { nullable: true, description: "When the partner's data about this person last changed (any of its records); null without a record." })
  lastChangedAt!: Date | null;
}

/** The record a partner reports from the row its evidence found (the evidence's `record`): none when it holds nothing about the person. */
export function partnerRecord(held: { recordChangedAt?: Date | null } | null | undefined): PartnerRecord {
  return held ? { hasRecord: true, lastChangedAt: held.recordChangedAt ?? null } : { hasRecord: false, lastChangedAt: null };
}
