import { useEffect, useState, type ReactNode } from 'react';
import type { SettingsPatch } from '../../../../src-shared/api';
import { useSaveSettings } from '../../api/use-settings';
import { ErrorNote } from '../../components/ErrorNote';

/** A text setting: edited, then saved with its button (or Enter); the core's answer or error shows below. */
export function TextSetting(props: {
  label: string;
  name: keyof SettingsPatch;
  value: string;
  placeholder?: string;
  help?: ReactNode;
  toPatch?: (text: string) => SettingsPatch;
}) {
  const save = useSaveSettings();
  const [text, setText] = useState(props.value);
  useEffect(() => setText(props.value), [props.value]);
  const submit = (): void =>
    save.mutate(props.toPatch ? props.toPatch(text) : ({ [props.name]: text } as SettingsPatch));
  return (
    <form
      className="setting"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <label>
        <span>{props.label}</span>
        <input
          value={text}
          placeholder={props.placeholder}
          onChange={(e) => setText(e.target.value)}
          aria-label={props.label}
        />
      </label>
      <button type="submit" disabled={save.isPending}>
        Save
      </button>
      {save.isSuccess && !save.isPending && (
        <span className="muted" role="status">
          Saved
        </span>
      )}
      {props.help && <div className="muted setting-help">{props.help}</div>}
      {save.error && <ErrorNote error={save.error} />}
    </form>
  );
}

/** A switch that saves as soon as it changes. */
export function ToggleSetting(props: {
  label: string;
  name: keyof SettingsPatch;
  checked: boolean;
  disabled?: boolean;
  help?: ReactNode;
}) {
  const save = useSaveSettings();
  return (
    <div className="setting toggle">
      <label>
        <input
          type="checkbox"
          checked={props.checked}
          disabled={props.disabled || save.isPending}
          onChange={(e) => save.mutate({ [props.name]: e.target.checked } as SettingsPatch)}
        />
        <span>{props.label}</span>
      </label>
      {props.help && <div className="muted setting-help">{props.help}</div>}
      {save.error && <ErrorNote error={save.error} />}
    </div>
  );
}
