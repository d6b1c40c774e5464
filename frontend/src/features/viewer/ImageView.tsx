import { useState } from 'react';
import type { ViewerDocument } from '../../api';
import { ErrorMessage, Loading } from '../../components/ErrorMessage';
import { useImage } from './useViewer';

/** An image, fitted to the viewer or at its own size. */
export function ImageView({ engagementId, doc }: { engagementId: string; doc: ViewerDocument }) {
  const image = useImage(engagementId, doc.evidence.id);
  const [actual, setActual] = useState(false);
  if (image.isError) return <ErrorMessage title="Could not show this image." error={image.error} />;
  if (!image.data) return <Loading>Reading the image…</Loading>;
  return (
    <div className="viewer-image">
      <div className="viewer-controls">
        <button type="button" className="small" aria-pressed={actual} onClick={() => setActual(!actual)}>
          Actual size
        </button>
      </div>
      <img
        className={actual ? 'actual' : 'fit'}
        src={`data:${image.data.mime};base64,${image.data.data}`}
        alt={`Image ${doc.evidence.name}`}
      />
    </div>
  );
}
