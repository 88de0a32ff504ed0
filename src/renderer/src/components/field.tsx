import { useId, type ReactNode } from 'react';

export interface FieldControlProps {
  id: string;
  'aria-describedby'?: string;
}

/** A labelled control whose help text is a description, not part of its accessible name. */
export function Field({
  label,
  help,
  className,
  children,
}: {
  label: string;
  help?: ReactNode;
  className?: string;
  children: (p: FieldControlProps) => ReactNode;
}) {
  const id = useId();
  const helpId = help ? `${id}-help` : undefined;
  return (
    <div className={`field ${className ?? ''}`}>
      <label htmlFor={id}>{label}</label>
      {children({ id, 'aria-describedby': helpId })}
      {help && (
        <small id={helpId} className="field-help">
          {help}
        </small>
      )}
    </div>
  );
}
