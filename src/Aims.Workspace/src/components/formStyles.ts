import { makeStyles, tokens } from '@fluentui/react-components';

/** The register pages' forms: fields in as many columns as the width allows, one at Teams' narrow widths. */
export const useFormStyles = makeStyles({
  form: { display: 'grid', gap: tokens.spacingVerticalM, gridTemplateColumns: 'repeat(auto-fit, minmax(220px, 1fr))' },
  row: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS, alignItems: 'center' },
});
