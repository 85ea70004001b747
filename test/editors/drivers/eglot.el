;;; eglot.el --- Emacs (eglot 1.9) as an LSP client of simple-lsp, configured as the README says.
;; Env: SIMPLE_LSP_BIN, RESULT (JSON output path), EDIT_LINE, EDIT_TEXT. The file is the last argument.
;; Same steps as neovim.lua: diagnostics, symbols, folding ranges, an edit and new diagnostics, definition.
(package-initialize)
(require 'eglot)
(require 'json)
(define-derived-mode simple-mode prog-mode "Simple")
(add-to-list 'auto-mode-alist '("\\.spl\\'" . simple-mode))
;; SIMPLE_LSP_TCP=host:port: connect to a shared server over TCP instead of starting one.
(let ((tcp (getenv "SIMPLE_LSP_TCP")))
  (add-to-list 'eglot-server-programs
               (if tcp
                   (let ((parts (split-string tcp ":")))
                     `(simple-mode ,(car parts) ,(string-to-number (cadr parts))))
                 `(simple-mode "node" ,(getenv "SIMPLE_LSP_BIN") "--stdio"))))
(setq eglot-sync-connect 10)

(defun simple-e2e-diagnostics ()
  (sort (mapcar (lambda (d) (list (cons 'line (line-number-at-pos (flymake-diagnostic-beg d)))
                                  (cons 'message (flymake-diagnostic-text d))))
                (flymake-diagnostics))
        (lambda (a b) (< (alist-get 'line a) (alist-get 'line b)))))

(defun simple-e2e-wait (pred)
  (let ((deadline (+ (float-time) 10)))
    (while (and (not (funcall pred)) (< (float-time) deadline))
      (accept-process-output nil 0.02))
    (funcall pred)))

(let* ((file (expand-file-name (car (last command-line-args-left))))
       (result (list (cons 'diagnostics []) (cons 'after_edit []) (cons 'symbols []) (cons 'folds -1) (cons 'definition [])
                     (cons 'xdefinition []) (cons 'hover "") (cons 'references []) (cons 'rename []) (cons 'completion [])))
       (code 0))
  (setq command-line-args-left nil)
  (with-current-buffer (find-file-noselect file)
    ;; eglot-ensure waits for a command loop that --batch never runs: start eglot the same way directly.
    (apply #'eglot (eglot--guess-contact))
    (flymake-start)
    (if (not (simple-e2e-wait (lambda () (flymake-diagnostics))))
        (setq code 4)
      (setf (alist-get 'diagnostics result) (vconcat (simple-e2e-diagnostics)))
      (let* ((server (eglot-current-server))
             (id `(:textDocument ,(eglot--TextDocumentIdentifier)))
             (symbols (jsonrpc-request server :textDocument/documentSymbol id))
             (folds (jsonrpc-request server :textDocument/foldingRange id)))
        (setf (alist-get 'symbols result) (vconcat (mapcar (lambda (s) (plist-get s :name)) symbols)))
        (setf (alist-get 'folds result) (length folds)))
      (let ((before (length (flymake-diagnostics))))
        (goto-char (point-min))
        (forward-line (1- (string-to-number (getenv "EDIT_LINE"))))
        (delete-region (line-beginning-position) (line-end-position))
        (insert (getenv "EDIT_TEXT"))
        (eglot--signal-textDocument/didChange)
        (flymake-start)
        (if (simple-e2e-wait (lambda () (< (length (flymake-diagnostics)) before)))
            (setf (alist-get 'after_edit result) (vconcat (simple-e2e-diagnostics)))
          (setq code 5)))
      ;; Go to definition from DEF_COLUMN (0-based) on the edited line.
      (let ((locs (jsonrpc-request
                   (eglot-current-server) :textDocument/definition
                   `(:textDocument ,(eglot--TextDocumentIdentifier)
                     :position (:line ,(1- (string-to-number (getenv "EDIT_LINE")))
                                :character ,(string-to-number (getenv "DEF_COLUMN")))))))
        (setf (alist-get 'definition result)
              (vconcat (mapcar (lambda (l) (1+ (plist-get (plist-get (plist-get l :range) :start) :line))) locs))))
      ;; The workspace index answers cross-file requests once it is ready (simple/status says when).
      (simple-e2e-wait
       (lambda ()
         (let ((ws (plist-get (jsonrpc-request (eglot-current-server) :simple/status nil) :workspace)))
           (and (listp ws) (equal (plist-get ws :state) "ready")))))
      ;; Across the workspace from XREF_LINE/XREF_COLUMN: definition, hover, references, rename ('uri:line').
      (let* ((server (eglot-current-server))
             (pos `(:textDocument ,(eglot--TextDocumentIdentifier)
                    :position (:line ,(1- (string-to-number (getenv "XREF_LINE")))
                               :character ,(string-to-number (getenv "XREF_COLUMN")))))
             (where (lambda (l) (format "%s:%d" (plist-get l :uri)
                                        (1+ (plist-get (plist-get (plist-get l :range) :start) :line)))))
             (defs (jsonrpc-request server :textDocument/definition pos))
             (hover (jsonrpc-request server :textDocument/hover pos))
             (refs (jsonrpc-request server :textDocument/references
                                    (append pos '(:context (:includeDeclaration t)))))
             (edit (jsonrpc-request server :textDocument/rename (append pos '(:newName "Article"))))
             (renamed '()))
        (setf (alist-get 'xdefinition result) (vconcat (mapcar where defs)))
        (setf (alist-get 'hover result) (or (plist-get (plist-get hover :contents) :value) ""))
        (setf (alist-get 'references result) (vconcat (mapcar where refs)))
        (let ((changes (plist-get edit :changes)))
          (while changes
            (let ((uri (substring (symbol-name (car changes)) 1)))
              (mapc (lambda (e) (push (format "%s:%d" uri (1+ (plist-get (plist-get (plist-get e :range) :start) :line)))
                                      renamed))
                    (cadr changes)))
            (setq changes (cddr changes))))
        (setf (alist-get 'rename result) (vconcat (nreverse renamed))))
      ;; Completion at DEF_COLUMN on the edited line (inside `greeting`, after `gr`).
      (let* ((res (jsonrpc-request (eglot-current-server) :textDocument/completion
                                   `(:textDocument ,(eglot--TextDocumentIdentifier)
                                     :position (:line ,(1- (string-to-number (getenv "EDIT_LINE")))
                                                :character ,(string-to-number (getenv "DEF_COLUMN"))))))
             (items (if (vectorp res) res (plist-get res :items))))
        (setf (alist-get 'completion result) (vconcat (mapcar (lambda (i) (plist-get i :label)) items)))))
    ;; EXTRA_FOLDER (single-editor runs): an exclude pattern set live. eglot 1.9 sends
    ;; didChangeConfiguration and answers the server's workspace/configuration from
    ;; eglot-workspace-configuration; file counts come from simple/status. (It has no folder changes.)
    (when (and (= code 0) (getenv "EXTRA_FOLDER"))
      (let* ((server (eglot-current-server))
             (files (lambda ()
                      (let ((ws (plist-get (jsonrpc-request server :simple/status nil) :workspace)))
                        (and (listp ws) (equal (plist-get ws :state) "ready") (plist-get ws :files)))))
             (base (funcall files)))
        (setq-default eglot-workspace-configuration
                      '((:simple . (:index (:exclude ["**/.git/**" "test/**"])))))
        (eglot-signal-didChangeConfiguration server)
        (if (simple-e2e-wait (lambda () (let ((n (funcall files))) (and n (< n base)))))
            (setf (alist-get 'live result) (list (cons 'files base) (cons 'excluded (funcall files))))
          (setq code 8))))
    (with-temp-file (getenv "RESULT") (insert (json-encode result)))
    (ignore-errors (eglot-shutdown (eglot-current-server)))
    (kill-emacs code)))
