import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import type { Resource, Session } from '../content/pack-schema';
import type { Draft, Reflection } from '../utils/protocol/records';
import { ReflectionEditor } from './ReflectionEditor';
import { ReflectionList } from './ReflectionList';
import type { Status } from './status-text';
import type { WritingTransport } from './writing-transport';

/** Props of {@link ReflectionWriting}. */
export interface ReflectionWritingProps {
  transport: WritingTransport;
  session: Session;
  resource: Resource;
  /** The draft left from an earlier visit. */
  draft: Draft | null;
  reflections: Reflection[];
  lang: string;
  /** The reading's reflections changed (saved, deleted, restored). */
  onReflections: (reflections: Reflection[]) => void;
  onStatus: (status: Status) => void;
  /** What goes between the editor and the list (the popup's status lines and heading). */
  between?: ComponentChildren;
  /** What goes under each reflection's quote in the list (see `ReflectionList`). */
  quoteStatus?: (reflection: Reflection) => ComponentChildren;
}

/**
 * The editor and the reading's reflections under it, the list's _Edit_ loading a reflection into
 * the editor: the one pairing of the overlay and of the popup's writer.
 */
export function ReflectionWriting(props: ReflectionWritingProps) {
  const { transport, session, resource, reflections, onReflections, onStatus } = props;
  const [editing, setEditing] = useState<Reflection | null>(null);
  return (
    <>
      <ReflectionEditor
        key={resource.id}
        transport={transport}
        session={session}
        resource={resource}
        draft={props.draft}
        editing={editing}
        lang={props.lang}
        onSaved={onReflections}
        onEditDone={() => {
          setEditing(null);
        }}
        onStatus={onStatus}
      />
      {props.between}
      <ReflectionList
        transport={transport}
        reflections={reflections}
        session={session}
        onChanged={onReflections}
        onEdit={setEditing}
        onStatus={onStatus}
        quoteStatus={props.quoteStatus}
      />
    </>
  );
}
