"use client";

import Image from "@tiptap/extension-image";
import Blockquote from "@tiptap/extension-blockquote";
import ListItem from "@tiptap/extension-list-item";
import { EditorContent, useEditor, useEditorState, type Editor, type JSONContent } from "@tiptap/react";
import StarterKit from "@tiptap/starter-kit";
import { useState } from "react";
import { isSafeHref } from "@/lib/articles/body-schema";
import { ImageInsertPanel } from "./image-insert-panel";

// The editor is configured to produce exactly what lib/articles/body-schema.ts accepts, so a save
// never fails on a node the toolbar offered: h2/h3 only, quotes hold paragraphs, list items hold
// paragraphs and nested lists, no code, strike or underline, images carry alt and caption.

const FigureImage = Image.extend({
  addAttributes() {
    return {
      ...this.parent?.(),
      caption: { default: null },
    };
  },
});

const QuoteOfParagraphs = Blockquote.extend({ content: "paragraph+" });
const SimpleListItem = ListItem.extend({ content: "paragraph (paragraph | bulletList | orderedList)*" });

export function createBodyExtensions() {
  return [
    StarterKit.configure({
      heading: { levels: [2, 3], HTMLAttributes: { dir: "auto" } },
      paragraph: { HTMLAttributes: { dir: "auto" } },
      blockquote: false,
      listItem: false,
      code: false,
      codeBlock: false,
      strike: false,
      underline: false,
      link: {
        openOnClick: false,
        autolink: true,
        defaultProtocol: "https",
        protocols: ["http", "https"],
        isAllowedUri: (url) => isSafeHref(url),
        HTMLAttributes: { rel: "noopener nofollow", target: null },
      },
    }),
    QuoteOfParagraphs,
    SimpleListItem.configure({ HTMLAttributes: { dir: "auto" } }),
    FigureImage.configure({ inline: false, allowBase64: false }),
  ];
}

type Props = {
  initialContent: JSONContent;
  onChange: (doc: JSONContent) => void;
  invalid: boolean;
  describedBy?: string;
  labelId: string;
  /** MAX_UPLOAD_BYTES, for the image panel's own size check before sending. */
  maxUploadBytes: number;
};

export function BodyEditor({ initialContent, onChange, invalid, describedBy, labelId, maxUploadBytes }: Props) {
  const editor = useEditor({
    extensions: createBodyExtensions(),
    content: initialContent,
    immediatelyRender: false,
    editorProps: {
      attributes: {
        dir: "rtl",
        class: "body-editor-content",
        role: "textbox",
        "aria-multiline": "true",
        "aria-labelledby": labelId,
        ...(describedBy ? { "aria-describedby": describedBy } : {}),
        ...(invalid ? { "aria-invalid": "true" } : {}),
        "data-testid": "body-editor",
      },
    },
    onUpdate: ({ editor: current }) => onChange(current.getJSON()),
  });

  return (
    <div className="body-editor" aria-invalid={invalid || undefined}>
      {editor ? <Toolbar editor={editor} maxUploadBytes={maxUploadBytes} /> : <div className="body-toolbar" aria-hidden="true" />}
      <EditorContent editor={editor} />
    </div>
  );
}

function Toolbar({ editor, maxUploadBytes }: { editor: Editor; maxUploadBytes: number }) {
  const [imageOpen, setImageOpen] = useState(false);
  const active = useEditorState({
    editor,
    selector: ({ editor: e }) => ({
      h2: e.isActive("heading", { level: 2 }),
      h3: e.isActive("heading", { level: 3 }),
      bold: e.isActive("bold"),
      italic: e.isActive("italic"),
      link: e.isActive("link"),
      quote: e.isActive("blockquote"),
      bullet: e.isActive("bulletList"),
      ordered: e.isActive("orderedList"),
    }),
  });

  function editLink() {
    const previous = (editor.getAttributes("link").href as string | undefined) ?? "";
    const href = window.prompt("الرابط (يبدأ بـ https:// أو /)", previous);
    if (href === null) return;
    if (href.trim() === "") {
      editor.chain().focus().extendMarkRange("link").unsetLink().run();
      return;
    }
    if (!isSafeHref(href.trim())) {
      window.alert("رابط غير مسموح: يجب أن يبدأ بـ http:// أو https:// أو /");
      return;
    }
    editor.chain().focus().extendMarkRange("link").setLink({ href: href.trim() }).run();
  }

  const buttons: { label: string; title: string; pressed?: boolean; run: () => void }[] = [
    { label: "ع٢", title: "عنوان فرعي (H2)", pressed: active.h2, run: () => editor.chain().focus().toggleHeading({ level: 2 }).run() },
    { label: "ع٣", title: "عنوان فرعي صغير (H3)", pressed: active.h3, run: () => editor.chain().focus().toggleHeading({ level: 3 }).run() },
    { label: "غامق", title: "غامق", pressed: active.bold, run: () => editor.chain().focus().toggleBold().run() },
    { label: "مائل", title: "مائل", pressed: active.italic, run: () => editor.chain().focus().toggleItalic().run() },
    { label: "رابط", title: "رابط", pressed: active.link, run: editLink },
    { label: "اقتباس", title: "اقتباس", pressed: active.quote, run: () => editor.chain().focus().toggleBlockquote().run() },
    { label: "• قائمة", title: "قائمة نقطية", pressed: active.bullet, run: () => editor.chain().focus().toggleBulletList().run() },
    { label: "١. قائمة", title: "قائمة مرقمة", pressed: active.ordered, run: () => editor.chain().focus().toggleOrderedList().run() },
    { label: "فاصل", title: "خط فاصل", run: () => editor.chain().focus().setHorizontalRule().run() },
  ];

  return (
    <>
      <div className="body-toolbar" role="toolbar" aria-label="تنسيق المتن">
        {buttons.map((b) => (
          <button
            key={b.title}
            type="button"
            title={b.title}
            aria-label={b.title}
            aria-pressed={b.pressed === undefined ? undefined : b.pressed}
            onClick={b.run}
          >
            {b.label}
          </button>
        ))}
        <button type="button" title="صورة" aria-label="إدراج صورة" aria-expanded={imageOpen} onClick={() => setImageOpen((o) => !o)}>
          صورة
        </button>
      </div>
      {imageOpen ? (
        <ImageInsertPanel
          maxBytes={maxUploadBytes}
          onInsert={(image) => {
            editor
              .chain()
              .focus()
              .setImage({ src: image.src, alt: image.alt, width: image.width, height: image.height })
              .updateAttributes("image", { caption: image.caption || null })
              .run();
            setImageOpen(false);
          }}
          onCancel={() => setImageOpen(false)}
        />
      ) : null}
    </>
  );
}
