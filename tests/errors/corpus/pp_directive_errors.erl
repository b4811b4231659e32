-module(pp_directive_errors).
-if.
-endif.
-if(1).
-elif.
-endif.
-if(<<1>>).
-endif.
-error().
-error(a, b).
-warning.
-error({a, "b"}).
%% expect: 2:4: badly formed 'if'
%% expect: 5:6: badly formed 'if'
%% expect: 9:2: badly formed 'error'
%% expect: 10:2: badly formed 'error'
%% expect: 11:9: badly formed 'warning'
%% expect: 12:2: -error({a,"b"}).
