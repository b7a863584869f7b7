import { Field, ObjectType } from 'type-graphql';

@ObjectType('HousingAuthority', { description: 'A local housing authority (district or borough council).' })
export class HousingAuthority {
  @Field({ description: 'Three-letter code, as in housing references (HOU-<code>-nnnnnn).' })
  code!: string;

  @Field()
  name!: string;
}
