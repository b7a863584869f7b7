import { Entity, Enum, PrimaryKey, Property } from '@mikro-orm/postgresql';
import { LocalDateResolver } from 'graphql-scalars';
import { Field, ID, ObjectType } from 'type-graphql';
import { CrsService } from './enums';

@ObjectType('ProbationCrsReferral', { description: 'A referral to a Commissioned Rehabilitative Service.' })
@Entity({ tableName: 'probation_crs_referral' })
export class ProbationCrsReferral {
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid', defaultRaw: 'gen_random_uuid()' })
  id!: string;

  @Property({ type: 'text', index: true })
  crn!: string;

  @Field(() => CrsService)
  @Enum({ items: () => CrsService })
  service!: CrsService;

  @Field()
  @Property({ type: 'text' })
  provider!: string;

  @Field(() => LocalDateResolver)
  @Property({ type: 'date' })
  referredOn!: string;

  @Field(() => LocalDateResolver, { nullable: true })
  @Property({ type: 'date', nullable: true })
  startedOn: string | null = null;

  @Field(() => LocalDateResolver, { nullable: true })
  @Property({ type: 'date', nullable: true })
  completedOn: string | null = null;
}
