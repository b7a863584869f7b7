import { AccessPolicyName, RequiresPolicy } from '../../kit/access/directives';
import { Entity, PrimaryKey, Property } from '@mikro-orm/postgresql';
import { Field, ObjectType } from 'type-graphql';

/**
 * Probation's case record. It also holds the PNC ID and prison number, as data: probation keys a
 * person by CRN only, and the person index is what links these identifiers.
 */
@RequiresPolicy(AccessPolicyName.ROWS)
@ObjectType('ProbationCase', { description: "Probation's case record for a person." })
@Entity({ tableName: 'probation_case' })
export class ProbationCase {
  @Field({ description: 'Case reference number.' })
  @PrimaryKey({ type: 'text' })
  crn!: string;

  @Field(() => String, { nullable: true, description: 'The PNC ID on the probation record.' })
  @Property({ type: 'text', nullable: true })
  pncId: string | null = null;

  @Field(() => String, { nullable: true, description: 'The prison number on the probation record.' })
  @Property({ type: 'text', nullable: true })
  prisonNumber: string | null = null;

  @Field({ description: 'The probation delivery unit managing the case.' })
  @Property({ type: 'text' })
  deliveryUnit!: string;

  /** When the partner's data about this person last changed (any of its records): set by the partner's system. */
  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  recordChangedAt!: Date;
}
