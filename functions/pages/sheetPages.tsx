import type { SheetContext } from '../../engine/notices/index.js';
import { linesHint, MAX_ANSWER_LENGTH, ticked } from '../../notifiers/informationSheetItems.js';
import { jaDate, jaDateTime } from '../../notifiers/texts.js';
import type { SheetField } from '../../regions/sheetForm.js';
import { Layout } from './layout.js';

const STATUS_LABELS: Record<string, string> = {
  pending: '送信待ち',
  queued: '送信処理中',
  sent: '送信済み',
  delivered: '配信済み',
  failed: '送信失敗 (再送します)',
  confirmed: '受信確認済み',
  dead: '送信できませんでした',
  skipped: '送信なし',
};

function Field({
  field,
  value,
  error,
  disabled,
}: {
  field: SheetField;
  value: string;
  error: string | undefined;
  disabled: boolean;
}) {
  const id = `f-${field.key}`;
  const errorId = `${id}-error`;
  const label = (
    <label for={id}>
      {field.label}
      {field.required && <span class="muted"> (必須)</span>}
    </label>
  );
  const lines = linesHint(field);
  const hint = (field.hint || lines) && <div class="muted">{[field.hint, lines].filter(Boolean).join(' / ')}</div>;
  // The error stands next to its field, and the field points at it for screen readers.
  const aria = error ? { 'aria-invalid': 'true', 'aria-describedby': errorId } : {};
  const message = error && (
    <div id={errorId} class="field-error" role="alert">
      {error}
    </div>
  );
  switch (field.type) {
    case 'date':
      return (
        <>
          {label}
          {message}
          <input id={id} type="date" name={field.key} value={value} disabled={disabled} {...aria} />
        </>
      );
    case 'text':
      return (
        <>
          {label}
          {hint}
          {message}
          <input id={id} name={field.key} value={value} maxlength={200} class="full" disabled={disabled} {...aria} />
        </>
      );
    case 'multiline':
      return (
        <>
          {label}
          {hint}
          {message}
          <textarea
            id={id}
            name={field.key}
            rows={3}
            maxlength={MAX_ANSWER_LENGTH}
            class="full"
            disabled={disabled}
            {...aria}
          >
            {value}
          </textarea>
        </>
      );
    case 'choice':
      return (
        <>
          {label}
          {hint}
          {message}
          <select id={id} name={field.key} disabled={disabled} {...aria}>
            <option value="">選択してください</option>
            {field.choices!.map((o) => (
              <option value={o} selected={value === o}>
                {o}
              </option>
            ))}
          </select>
        </>
      );
    case 'checkbox': {
      const on = new Set(ticked(value));
      return (
        <fieldset id={id} class="choices" {...aria}>
          <legend>
            {field.label}
            {field.required && <span class="muted"> (必須)</span>}
          </legend>
          {hint}
          {message}
          {field.choices!.map((o) => (
            <label>
              <input type="checkbox" name={field.key} value={o} checked={on.has(o)} disabled={disabled} /> {o}
            </label>
          ))}
        </fieldset>
      );
    }
  }
}

function Destination({ context }: { context: SheetContext }) {
  const w = context.window;
  if (!w) return <p class="notice error">送付先の窓口が病院の登録情報にありません。病院へお問い合わせください。</p>;
  return (
    <dl>
      <dt>利用者</dt>
      <dd>{context.patient.name} 様</dd>
      <dt>入院日</dt>
      <dd>{jaDate(context.admittedOn)}</dd>
      <dt>送付先</dt>
      <dd>
        {context.hospitalName} {w.name}
        {w.fax && ` (FAX ${w.fax})`}
        {!w.fax && w.email && ` (メール ${w.email})`}
      </dd>
    </dl>
  );
}

function Delivery({ context }: { context: SheetContext }) {
  const { sheet, delivery } = context;
  if (!sheet || sheet.status === 'draft') return null;
  return (
    <div class="notice">
      <p>{jaDateTime(new Date(sheet.submittedAt!).toISOString())} に送信を受け付けました。</p>
      {delivery && (
        <p>
          送信状況: {delivery.channel === 'fax' ? 'FAX' : delivery.channel === 'email' ? 'メール' : ''}{' '}
          {STATUS_LABELS[delivery.status] ?? delivery.status}
          {sheet.sentAt && ` (${jaDateTime(new Date(sheet.sentAt).toISOString())} 送信)`}
          {delivery.receipt === 'open' && ' / 病院の受信確認待ち'}
          {delivery.receipt === 'confirmed' && ' / 病院が受信を確認しました'}
        </p>
      )}
      {delivery?.receipt === 'open' && (
        <p class="muted">FAXは送っただけでは引き継ぎになりません。受信確認がない場合はお知らせします。</p>
      )}
      {delivery?.status === 'dead' && (
        <p class="notice warn">
          病院の窓口へ送信できませんでした。面談・郵送など別の方法で提供し、依頼のページから提供日時と方法を記録してください。
        </p>
      )}
    </div>
  );
}

/**
 * The care manager's information sheet, as the region's form defines it (its title, sections and
 * fields): drafts kept, sent once to the hospital window, each error next to its field.
 */
export function SheetPage(props: {
  context: SheetContext;
  values: Record<string, string>;
  errors: string[];
  /** Japanese errors by field key, shown next to each field (and listed at the top). */
  fieldErrors?: Record<string, string>;
  saved?: boolean;
}) {
  const { context } = props;
  const { form } = context;
  const fieldErrors = props.fieldErrors ?? {};
  const errors = [...props.errors, ...Object.values(fieldErrors)];
  const editable = context.taskStatus === 'open' && (!context.sheet || context.sheet.status === 'draft');
  return (
    <Layout title={form.name}>
      <h1>{form.name}</h1>
      <Destination context={context} />
      <Delivery context={context} />
      {props.saved && <p class="notice">下書きを保存しました。送信するまで病院には届きません。</p>}
      {errors.length > 0 && (
        <div class="notice error" role="alert">
          <ul>
            {errors.map((e) => (
              <li>{e}</li>
            ))}
          </ul>
        </div>
      )}
      {!editable && !context.sheet && <p class="notice warn">この依頼はすでに記録されているか、不要になりました。</p>}
      {editable && !context.canSend && (
        <p class="notice warn">この環境では病院への自動送信が設定されていません。下書きは保存できます。</p>
      )}
      <form method="post">
        {form.sections.map((section) => (
          <fieldset class="group">
            <legend>{section.title}</legend>
            {section.fields.map((field) => (
              <Field
                field={field}
                value={props.values[field.key] ?? ''}
                error={fieldErrors[field.key]}
                disabled={!editable}
              />
            ))}
          </fieldset>
        ))}
        {editable && (
          <>
            <button type="submit" name="action" value="draft" class="secondary">
              下書きを保存
            </button>{' '}
            {context.canSend && context.window && (
              <button type="submit" name="action" value="submit">
                {context.window.fax ? 'FAXで病院へ送信する' : 'メールで病院へ送信する'}
              </button>
            )}
          </>
        )}
      </form>
      <p class="muted">
        送信すると、送信日時・方法・送付先が入院時情報連携加算の記録として残ります。病院には受信確認をお願いします。
      </p>
    </Layout>
  );
}
