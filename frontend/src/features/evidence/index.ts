export { EvidencePage } from './EvidencePage';
export { PinForm, placeLabel } from './PinForm';
export { PinAction } from './PinAction';
