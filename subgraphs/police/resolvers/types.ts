import { Field, InputType, Int, ObjectType } from 'type-graphql';
import { Connection } from '../../kit/pagination';
import { PoliceNominal } from '../entities/nominal.entity';
import { PoliceWarningMarkerType } from '../entities/enums';

@InputType({ description: 'Narrows the nominals list; every filter given must hold.' })
export class PoliceNominalFilter {
  @Field(() => String, { nullable: true })
  policingArea?: string | null;

  @Field(() => String, { nullable: true })
  neighbourhood?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'Only nominals who are (true) or are not (false) prolific by the 8/16 offences rule today.' })
  prolific?: boolean | null;

  @Field(() => Boolean, { nullable: true })
  inCustody?: boolean | null;

  @Field(() => Int, { nullable: true, description: 'Only MAPPA cases managed at this level (1–3) or higher.' })
  minimumMappaLevel?: number | null;

  @Field(() => PoliceWarningMarkerType, { nullable: true, description: 'Only nominals carrying this warning marker.' })
  warningMarker?: PoliceWarningMarkerType | null;
}

@ObjectType({ description: 'A page of nominals, ordered by PNC ID.' })
export class PoliceNominalConnection extends Connection(PoliceNominal, 'PoliceNominal') {}
